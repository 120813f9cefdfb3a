// The one local-time module lives in common; import from '@bianmin/common' and delete this.
export { formatLocalDateTime, localDayRange } from '@bianmin/common';
