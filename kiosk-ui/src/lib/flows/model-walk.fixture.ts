import type { ActorLogic, AnyActorRef, EventObject, Snapshot } from 'xstate';
import {
  getAdjacencyMap,
  type AdjacencyMap,
  type AdjacencyValue,
  type SerializedEvent,
} from 'xstate/graph';

/**
 * The walk behind every flow's model-based test: every step the world can take (the
 * resident's taps, time passing by each named delay, the agent answering), from every state
 * reached. Each state is found by replaying its steps on a fresh actor, because xstate/graph
 * takes each step as a synchronous function of the state before it.
 */
interface ModelWalk<World, Step> {
  worlds: World[];
  transitions: { from: World; step: Step; to: World }[];
}

type Walked<World, Step> = Snapshot<undefined> & { steps: Step[]; world: World };

export function walkModel<World, Step extends object>(options: {
  /** A fresh actor taken through the steps, and what the test reads of where it ends. */
  replay: (steps: Step[]) => World;
  steps: Step[];
  /** Two worlds are the same state when these strings are equal. */
  serializeState: (world: World) => string;
  describeStep: (step: Step) => string;
  /** A world past its flow's end, which takes no further step (none: every world goes on). */
  ended?: (world: World) => boolean;
}): ModelWalk<World, Step> {
  type Event = Step & EventObject;
  const walked = (steps: Step[]): Walked<World, Step> => ({
    status: 'active',
    output: undefined,
    error: undefined,
    steps,
    world: options.replay(steps),
  });
  const logic = {
    transition: (snapshot, step) =>
      options.ended?.(snapshot.world) ? snapshot : walked([...snapshot.steps, step]),
    getInitialSnapshot: () => walked([]),
    getPersistedSnapshot: (snapshot) => snapshot,
  } as ActorLogic<Walked<World, Step>, Event, undefined>;
  const map: AdjacencyMap<Walked<World, Step>, Event> = getAdjacencyMap(logic, {
    events: options.steps as Event[],
    serializeState: (snapshot) => options.serializeState(snapshot.world),
    serializeEvent: (step) => options.describeStep(step),
  });
  type Edge = AdjacencyValue<Walked<World, Step>, Event>['transitions'][SerializedEvent];
  return {
    worlds: Object.values(map).map((node) => node.state.world),
    transitions: Object.values(map).flatMap((node) =>
      (Object.values(node.transitions) as Edge[]).map((t) => ({
        from: node.state.world,
        step: t.event,
        to: t.state.world,
      })),
    ),
  };
}

/** How the walk answers an agent call: with its output, or as unreachable. */
type CallAnswer = { ok: true; output: unknown } | { ok: false };

type CallSnapshot = Snapshot<unknown> & { input: unknown };
interface AnswerEvent extends EventObject {
  type: 'answer';
  answer: (input: unknown) => CallAnswer;
}

/**
 * An agent call that stays pending until the walk answers it (`answerCall`), then settles
 * synchronously. `started` sees each call's input as the flow makes it.
 */
export function heldCall(started: (input: unknown) => void = () => undefined) {
  return {
    transition: (snapshot: CallSnapshot, event: AnswerEvent): CallSnapshot => {
      if (event.type !== 'answer' || snapshot.status !== 'active') return snapshot;
      const answer = event.answer(snapshot.input);
      return answer.ok
        ? { ...snapshot, status: 'done', output: answer.output, error: undefined }
        : {
            ...snapshot,
            status: 'error',
            output: undefined,
            error: new Error('agent unreachable'),
          };
    },
    getInitialSnapshot: (_: unknown, input: unknown): CallSnapshot => {
      started(input);
      return { status: 'active', output: undefined, error: undefined, input };
    },
    getPersistedSnapshot: (snapshot: CallSnapshot) => snapshot,
  } as unknown as ActorLogic<CallSnapshot, AnswerEvent, unknown>;
}

/** Answers a held call, if the flow has one open under that name. */
export function answerCall(
  child: AnyActorRef | undefined,
  answer: (input: unknown) => CallAnswer,
): void {
  const event: AnswerEvent = { type: 'answer', answer };
  child?.send(event);
}
