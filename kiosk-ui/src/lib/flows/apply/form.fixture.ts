import { SAMPLE_APPLICATION_FORM } from '@bianmin/contract/testing';
import type { ApplyService } from './context.js';

/** A short application for the flow's tests (the contract's sample form). */
export const SERVICE: ApplyService = {
  id: 'senior-allowance',
  name: { 'zh-CN': '高龄津贴申领', en: 'Old-age allowance' },
  application: SAMPLE_APPLICATION_FORM,
};

/** A checked number (GB 11643) of someone born in 1990, and one with a wrong check digit. */
export const ID_NUMBER = '140902199001080131';
export const WRONG_ID_NUMBER = '140902199001080132';
export const NAME = '李建国';
export const PHONE = '13912345678';
