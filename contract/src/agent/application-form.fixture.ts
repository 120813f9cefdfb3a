import type { ApplicationForm } from './application.js';

/**
 * A short application form for tests in every package: name and number from the card, a
 * choice and an optional phone number. Its words are in both languages but one, the second
 * choice, so the fallback to the Chinese shows too.
 */
export const SAMPLE_APPLICATION_FORM: ApplicationForm = {
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
        // Not translated yet: the kiosk shows the Chinese, marked.
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
};
