import type { ApplyService } from './context.js';

/** A short application for the flow's tests: name and number from the card, two questions. */
export const SERVICE: ApplyService = {
  id: 'senior-allowance',
  name: { 'zh-CN': '高龄津贴申领' },
  application: {
    whatNext: '社区核对后报民政部门审核，结果会电话告诉您。',
    questions: [
      {
        id: 'applicant-name',
        label: '申请人姓名',
        required: true,
        fromCard: 'name',
        kind: 'text',
        maxLength: 20,
      },
      {
        id: 'applicant-id-number',
        label: '申请人身份证号码',
        required: true,
        fromCard: 'idNumber',
        kind: 'text',
        maxLength: 18,
      },
      {
        id: 'living',
        label: '老人现在和谁一起住？',
        required: true,
        kind: 'choice',
        options: [
          { value: 'alone', label: '独自居住' },
          { value: 'family', label: '和家人一起住' },
        ],
      },
      { id: 'phone', label: '您的联系电话是多少？', required: false, kind: 'phone' },
    ],
  },
};

/** A checked number (GB 11643) of someone born in 1990, and one with a wrong check digit. */
export const ID_NUMBER = '140902199001080131';
export const WRONG_ID_NUMBER = '140902199001080132';
export const NAME = '李建国';
export const PHONE = '13912345678';
