import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderLogEventsDoc } from '../common/src/log-events-doc.js';
import { REPO_ROOT } from './stack.js';

writeFileSync(join(REPO_ROOT, 'docs/log-events.md'), renderLogEventsDoc());
console.log('wrote docs/log-events.md');
