// The rule is shared with the kiosk, so it lives in the contract (contract/src/id-number.ts).
export { idNumberCheckDigit, isValidIdNumber } from '@bianmin/contract/id-number';
