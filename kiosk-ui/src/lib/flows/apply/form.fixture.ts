import type { ApplyService } from './context.js';

/**
 * A short application for the flow's tests: name and number from the card, two questions. Its
 * words are in both languages but one, the second choice, so the fallback shows too.
 */
export const SERVICE: ApplyService = {
  id: 'senior-allowance',
  name: { 'zh-CN': '高龄津贴申领', en: 'Old-age allowance' },
  application: {
    whatNext: {
      'zh-CN': '社区核对后报民政部门审核，结果会电话告诉您。',
      en: 'Staff will phone you with the result.',
    },
    questions: [
      {
        id: 'applicant-name',
        label: { 'zh-CN': '申请人姓名', en: "Applicant's name" },
        required: true,
        fromCard: 'name',
        kind: 'text',
        maxLength: 20,
      },
      {
        id: 'applicant-id-number',
        label: { 'zh-CN': '申请人身份证号码', en: "Applicant's ID number" },
        required: true,
        fromCard: 'idNumber',
        kind: 'text',
        maxLength: 18,
      },
      {
        id: 'living',
        label: { 'zh-CN': '老人现在和谁一起住？', en: 'Who does the older person live with now?' },
        required: true,
        kind: 'choice',
        options: [
          { value: 'alone', label: { 'zh-CN': '独自居住', en: 'Alone' } },
          { value: 'family', label: { 'zh-CN': '和家人一起住' } },
        ],
      },
      {
        id: 'phone',
        label: { 'zh-CN': '您的联系电话是多少？', en: 'What is your phone number?' },
        help: { 'zh-CN': '工作人员会用这个号码联系您', en: 'Staff will call you on this number' },
        required: false,
        kind: 'phone',
      },
    ],
  },
};

/** A checked number (GB 11643) of someone born in 1990, and one with a wrong check digit. */
export const ID_NUMBER = '140902199001080131';
export const WRONG_ID_NUMBER = '140902199001080132';
export const NAME = '李建国';
export const PHONE = '13912345678';
