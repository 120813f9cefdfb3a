import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { evenWithOtherProblems, field, listOf } from './cross-field.js';
import { CallingRulesSchema, CountersSchema, counterProblems } from './counters.js';
import {
  ApplicationSchema,
  applicationProblems,
  residentForm,
  type ApplicationForm,
} from './applications.js';
import { kebabId, localText, type LocalText } from './local-text.js';

/**
 * The service catalogue (docs/configuration.md, "services.json"): the categories residents
 * browse, every service with its guide (办事指南), and the queues residents take tickets for.
 */

const textList = (what: string, example: string) =>
  z
    .array(localText(what, example, 120), {
      error: `a list of ${what}s, e.g. [{"zh-CN": "${example}"}]`,
    })
    .min(1);

const SERVICE_KINDS = ['guide', 'application', 'queue'] as const;

const GuideSchema = z.strictObject(
  {
    purpose: localText('what the service is for', '挂失并补办丢失或损坏的社保卡', 200),
    eligibility: localText('who may apply', '本人或受委托的家属', 200),
    materials: textList('material to bring', '本人身份证原件'),
    steps: textList('step', '到人社窗口填写申请表'),
    timeLimit: localText('how long it takes', '当场办结', 60),
    fees: localText('what it costs', '免费', 60),
    where: localText('where to go', '社区便民服务中心 1 号窗口（人社）', 120),
  },
  {
    error:
      'a guide (办事指南) {"purpose", "eligibility", "materials": [...], "steps": [...], "timeLimit", "fees", "where"}, each text as {"zh-CN": "…", "en": "…"}',
  },
);

const CategorySchema = z.strictObject(
  {
    id: kebabId('a category id', 'medical-insurance'),
    name: localText('the category name on its tile', '医保', 8),
  },
  { error: 'a category object {"id": "medical-insurance", "name": {"zh-CN": "医保", "en": "…"}}' },
);

const ServiceSchema = z.strictObject(
  {
    id: kebabId('a service id', 'social-security-card'),
    name: localText('the service name shown on its button', '社保卡挂失补换', 16),
    category: z.string({
      error: 'the id of one of the file\'s "categories" as text, e.g. "medical-insurance"',
    }),
    kind: z.enum(SERVICE_KINDS, {
      error:
        '"guide" (a guide to read), "application" (a guide, and residents apply at the window) or "queue" (a counter residents take tickets for)',
    }),
    ticketPrefix: z
      .string({
        error:
          'one capital letter A-Z that starts this queue\'s numbers (取号前缀), e.g. "A" for tickets A001, A002…',
      })
      .regex(/^[A-Z]$/)
      .optional(),
    ticketQueue: z
      .string({
        error:
          'the id of the "queue" service whose ticket this service offers, e.g. "social-security"; leave the key out to offer none',
      })
      .optional(),
    description: localText(
      'an optional one-line description',
      '养老、失业、工伤保险等业务咨询与办理',
      80,
    ).optional(),
    guide: GuideSchema.optional(),
    /** Only on "application" services: the form residents fill in at the kiosk. */
    application: ApplicationSchema.optional(),
    enabled: z
      .boolean({
        error:
          'true or false (without quotes); leave it out for true, set false to hide the service without deleting it',
      })
      .default(true),
  },
  {
    error:
      'a service object {"id": "social-security-card", "name": {"zh-CN": "社保卡挂失补换"}, "category": "human-resources", "kind": "guide", "guide": {...}}',
  },
);

type Label = { index: number; name: string };

const zhName = (entry: unknown): string => {
  const name = field(field(entry, 'name'), 'zh-CN');
  return typeof name === 'string' ? name : '';
};

const describeEntry = (list: string, { index, name }: Label) =>
  `${list}[${index}]${name === '' ? '' : ` ("${name}")`}`;

/** Reports every later entry whose value at `key` was already used by an earlier entry. */
function findRepeats(entries: readonly unknown[], key: string) {
  const firstUse = new Map<string, Label>();
  const repeats: { index: number; value: string; first: Label }[] = [];
  entries.forEach((entry, index) => {
    const value = field(entry, key);
    if (typeof value !== 'string') return;
    const first = firstUse.get(value);
    if (first === undefined) {
      firstUse.set(value, { index, name: zhName(entry) });
    } else {
      repeats.push({ index, value, first });
    }
  });
  return repeats;
}

type Issue = { path: (string | number)[]; input: unknown; message: string };

function repeatedIds(list: 'categories' | 'services', entries: readonly unknown[]): Issue[] {
  const noun = list === 'services' ? 'service' : 'category';
  return findRepeats(entries, 'id').map(({ index, value, first }) => ({
    path: [list, index, 'id'],
    input: value,
    message: `an id not used by another ${noun}; ${describeEntry(list, first)} already has id "${value}"`,
  }));
}

function repeatedPrefixes(services: readonly unknown[]): Issue[] {
  return findRepeats(services, 'ticketPrefix').map(({ index, value, first }) => ({
    path: ['services', index, 'ticketPrefix'],
    input: value,
    message: `a ticket prefix not used by another service: ${describeEntry('services', first)} and ${describeEntry('services', { index, name: zhName(services[index]) })} both use "${value}", so their queue numbers would collide; give one of them another capital letter`,
  }));
}

function unknownCategories(services: readonly unknown[], categories: readonly unknown[]): Issue[] {
  const known = categories.map((c) => field(c, 'id')).filter((id) => typeof id === 'string');
  const list = known.map((id) => `"${id}"`).join(', ');
  return services.flatMap((service, index) => {
    const category = field(service, 'category');
    if (typeof category !== 'string' || known.includes(category)) return [];
    return [
      {
        path: ['services', index, 'category'],
        input: category,
        message: `one of the categories this file lists (${list}); add a category with id "${category}" to "categories" or fix the spelling`,
      },
    ];
  });
}

/** What each kind needs: a queue its letter, a guide or application its guide, and so on. */
function kindProblems(services: readonly unknown[]): Issue[] {
  const queues = new Set(
    services
      .filter((s) => field(s, 'kind') === 'queue')
      .map((s) => field(s, 'id'))
      // A missing or mistyped id is reported at its own place, not offered as a choice here.
      .filter((id) => typeof id === 'string'),
  );
  return services.flatMap((service, index): Issue[] => {
    const kind = field(service, 'kind');
    const at = (key: string) => ['services', index, key];
    const self = describeEntry('services', { index, name: zhName(service) });
    const issues: Issue[] = [];
    const prefix = field(service, 'ticketPrefix');
    if (kind === 'queue' && prefix === undefined) {
      issues.push({
        path: at('ticketPrefix'),
        input: prefix,
        message: `one capital letter A-Z for the numbers of ${self}: a "queue" service needs its own ticket prefix, e.g. "A"`,
      });
    }
    if ((kind === 'guide' || kind === 'application') && prefix !== undefined) {
      issues.push({
        path: at('ticketPrefix'),
        input: prefix,
        message: `no ticket prefix on a "${kind}" service: only "queue" services number tickets; to offer a ticket, set "ticketQueue" to the id of a queue service`,
      });
    }
    if ((kind === 'guide' || kind === 'application') && field(service, 'guide') === undefined) {
      issues.push({
        path: at('guide'),
        input: undefined,
        message: `a guide (办事指南) for ${self}: every "${kind}" service tells residents what it is for, who may apply, what to bring, the steps, the time limit, the fees and where to go`,
      });
    }
    const queue = field(service, 'ticketQueue');
    if (typeof queue === 'string' && !queues.has(queue)) {
      const list = [...queues].map((id) => `"${id}"`).join(', ');
      issues.push({
        path: at('ticketQueue'),
        input: queue,
        message: `the id of a service with "kind": "queue" (${list === '' ? 'the file has none' : list})`,
      });
    }
    return issues;
  });
}

export const ServiceCatalogueSchema = z
  .strictObject(
    {
      categories: z
        .array(CategorySchema, {
          error:
            'a list of at least one category, e.g. [{"id": "medical-insurance", "name": {"zh-CN": "医保"}}]',
        })
        .min(1),
      services: z
        .array(ServiceSchema, {
          error:
            'a list of at least one service, e.g. [{"id": "social-security", "name": {"zh-CN": "社保业务"}, "category": "human-resources", "kind": "queue", "ticketPrefix": "A"}]',
        })
        .min(1),
      counters: CountersSchema,
      calling: CallingRulesSchema,
    },
    {
      error:
        'a service catalogue object {"categories": [...], "services": [...], "counters": [...]} (see docs/configuration.md)',
    },
  )
  .superRefine((catalogue, ctx) => {
    const categories = listOf(field(catalogue, 'categories'));
    const services = listOf(field(catalogue, 'services'));
    const issues = [
      ...repeatedIds('categories', categories),
      ...repeatedIds('services', services),
      ...repeatedPrefixes(services),
      ...unknownCategories(services, categories),
      ...kindProblems(services),
      ...applicationProblems(services),
      ...counterProblems(listOf(field(catalogue, 'counters')), services),
    ];
    for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
    const queueOpen = services.some(
      (s) => field(s, 'kind') === 'queue' && field(s, 'enabled') !== false,
    );
    if (services.length > 0 && !queueOpen) {
      ctx.addIssue({
        code: 'custom',
        path: ['services'],
        input: services,
        message:
          'at least one enabled service with "kind": "queue" (and no "enabled": false); with none, residents cannot take a ticket',
      });
    }
  }, evenWithOtherProblems);

type ServiceGuide = z.infer<typeof GuideSchema>;
type ServiceCategory = z.infer<typeof CategorySchema>;
export type Service = z.infer<typeof ServiceSchema>;
export type ServiceCatalogue = z.infer<typeof ServiceCatalogueSchema>;

// pinyin-pro's dictionary costs the process about 19 MB of resident memory once loaded (8 MB
// of it JavaScript heap), a quarter of the agent's budget (docs/benchmarks.md): it is read
// in a worker thread that ends once the initials are made, and never in the centre at all.
// (knip.json ignores pinyin-pro: the worker's require is code in a string it cannot follow.)
const INITIALS_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { pinyin } = createRequire(workerData.from)('pinyin-pro');
const options = { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' };
parentPort.postMessage(workerData.texts.map((t) => pinyin(t, options).join('').toUpperCase()));
`;

/**
 * The initials of each text's pinyin, upper case, for the kiosk's search (社保卡 → "SBK").
 * Computed here, on the terminal, so the kiosk ships no pinyin dictionary; pinyin-pro reads
 * words in context, so polyphonic characters take their reading in that word.
 */
export function pinyinInitials(texts: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(INITIALS_WORKER, {
      eval: true,
      workerData: { texts, from: import.meta.url },
    });
    worker.once('message', (initials: string[]) => {
      resolve(initials);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** Each enabled service's search initials, by service id. */
export async function catalogueInitials(
  catalogue: ServiceCatalogue,
): Promise<ReadonlyMap<string, string>> {
  const enabled = catalogue.services.filter((s) => s.enabled);
  const initials = await pinyinInitials(enabled.map((s) => s.name['zh-CN']));
  return new Map(enabled.map((s, i) => [s.id, initials[i] ?? '']));
}

/** A queue residents take tickets for, as the take-ticket flow lists it and slips print it. */
interface QueueEntry {
  id: string;
  name: string;
  description?: string | undefined;
  ticketPrefix: string;
}

/** A service as residents browse it: only what they see, with the initials to search by. */
interface ResidentService {
  id: string;
  name: LocalText;
  category: string;
  kind: Service['kind'];
  initials: string;
  description?: LocalText;
  guide?: ServiceGuide;
  /** The enabled queue whose ticket this service offers. */
  ticketServiceId?: string;
  application?: ApplicationForm;
}

export interface ResidentCatalogue {
  queues: QueueEntry[];
  categories: ServiceCategory[];
  services: ResidentService[];
}

/**
 * What the kiosk is given of a catalogue: the enabled services, the categories that have
 * any, and a ticket only where its queue is enabled too, so no button leads to a refusal.
 */
export function residentCatalogue(
  catalogue: ServiceCatalogue,
  initials: ReadonlyMap<string, string> = new Map(),
): ResidentCatalogue {
  const enabled = catalogue.services.filter((s) => s.enabled);
  const queues = enabled.flatMap(({ id, name, description, kind, ticketPrefix }) =>
    kind === 'queue' && ticketPrefix !== undefined
      ? [{ id, name: name['zh-CN'], description: description?.['zh-CN'], ticketPrefix }]
      : [],
  );
  const open = new Set(queues.map((q) => q.id));
  const services = enabled.map((s): ResidentService => {
    const ticketServiceId = s.kind === 'queue' ? s.id : s.ticketQueue;
    return {
      id: s.id,
      name: s.name,
      category: s.category,
      kind: s.kind,
      initials: initials.get(s.id) ?? '',
      ...(s.description && { description: s.description }),
      ...(s.guide && { guide: s.guide }),
      ...(s.application && { application: residentForm(s.application) }),
      ...(ticketServiceId !== undefined && open.has(ticketServiceId) && { ticketServiceId }),
    };
  });
  const categories = catalogue.categories.filter((c) => services.some((s) => s.category === c.id));
  return { queues, categories, services };
}
