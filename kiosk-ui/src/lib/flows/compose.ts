/**
 * Typing for pieces shared by every flow machine (./header.ts, ./idle.ts). XState v5 types an
 * action by the exact context and events of the machine it runs in (through its `self`), so an
 * action written once for a part of the context (HeaderContext, say) is not assignable to a flow
 * whose context extends that part, though it reads and writes only that part. The shared
 * modules therefore build their actions against the part and hand each flow the same actions
 * typed as the flow's own, after the compiler has checked that the flow has the part: its
 * context, its events, the actions the pieces name and the delays they start.
 */
export interface FlowSetup {
  createAction: (action: never) => unknown;
}

/** An action of the flow whose `setup(...)` is F, usable in any of its transitions. */
export type FlowAction<F extends FlowSetup> = Parameters<F['createAction']>[0];

type ArgsOf<F extends FlowSetup> =
  FlowAction<F> extends (args: infer TArgs, params: never) => void ? TArgs : never;
type Declared<T> = T extends { type: infer TType } ? TType : never;

/** F itself if its flow has the part, else never, so a flow without it does not compile. */
export type HasPart<
  F extends FlowSetup,
  TContext,
  TEvent,
  TActionName extends string,
  TDelay extends string,
> =
  ArgsOf<F> extends { context: TContext; event: infer TFlowEvent }
    ? [TEvent] extends [TFlowEvent]
      ? [TActionName] extends [Declared<NonNullable<FlowAction<F>['_out_TAction']>>]
        ? [TDelay] extends [NonNullable<FlowAction<F>['_out_TDelay']>]
          ? F
          : never
        : never
      : never
    : never;

/** The one cast: `action` was built against the part that HasPart found in the flow. */
export const asFlowAction =
  <F extends FlowSetup>() =>
  (action: unknown): FlowAction<F> =>
    action as FlowAction<F>;
