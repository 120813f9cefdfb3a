import type { CatalogueService, KioskCatalogue, KioskService } from '../../agent/types.js';

/** A small catalogue for the session flow's tests, shaped as the agent sends it. */
const zh = (text: string) => ({ 'zh-CN': text });

const GUIDE = {
  purpose: zh('去外地长住、跟子女生活或转诊到外地看病，先备案，在外地定点医院看病就能直接结算。'),
  eligibility: zh('参加本地医保的人，包括长期在外地居住的老人、在外地工作的人和转诊病人。'),
  materials: [zh('本人身份证原件或社保卡'), zh('长住外地的带上居住证明或个人承诺书')],
  steps: [
    zh('可以在手机上办：“国家医保服务平台”应用或“国家异地就医备案”小程序'),
    zh('不会用手机的，到医保窗口取号，工作人员帮您备案'),
  ],
  timeLimit: zh('一般当场办结'),
  fees: zh('免费'),
  where: zh('社区便民服务中心 医保窗口'),
};

const guided = (
  id: string,
  name: string,
  initials: string,
  category: string,
  ticketServiceId?: string,
): CatalogueService => ({
  id,
  name: zh(name),
  category,
  kind: 'guide',
  initials,
  guide: GUIDE,
  ...(ticketServiceId && { ticketServiceId }),
});

export const QUEUES: KioskService[] = [
  { id: 'social-security', name: '社保业务', ticketPrefix: 'A' },
  { id: 'medical-insurance', name: '医保业务', ticketPrefix: 'B' },
];

export const CATALOGUE: KioskCatalogue = {
  categories: [
    { id: 'human-resources', name: zh('人社') },
    { id: 'medical-insurance', name: zh('医保') },
    { id: 'public-security', name: zh('公安') },
    { id: 'taxation', name: zh('税务') },
    { id: 'civil-affairs', name: zh('民政') },
    { id: 'community-affairs', name: zh('社区事务') },
    { id: 'housing', name: zh('住房') },
    // Enough tiles (with the search, five rows of two) that the categories page at 特大.
    { id: 'education', name: zh('教育') },
    { id: 'transport', name: zh('交通') },
  ],
  services: [
    {
      id: 'social-security',
      name: zh('社保业务'),
      category: 'human-resources',
      kind: 'queue',
      initials: 'SBYW',
      description: zh('养老、失业、工伤保险等业务咨询与办理'),
      ticketServiceId: 'social-security',
    },
    guided(
      'social-security-card',
      '社保卡挂失补换',
      'SBKGSBH',
      'human-resources',
      'social-security',
    ),
    guided('out-of-area', '异地就医备案', 'YDJYBA', 'medical-insurance', 'medical-insurance'),
    guided('e-voucher', '医保电子凭证激活', 'YBDZPZJH', 'medical-insurance'),
    guided('enrolment', '医保参保登记', 'YBCBDJ', 'medical-insurance', 'medical-insurance'),
    guided('payment', '城乡居民医保缴费', 'CXJMYBJF', 'medical-insurance', 'medical-insurance'),
    guided('chronic', '门诊慢特病认定', 'MZMTBRD', 'medical-insurance', 'medical-insurance'),
    guided('reimbursement', '医疗费用报销', 'YLFYBX', 'medical-insurance', 'medical-insurance'),
    guided('residence-permit', '居住证办理', 'JZZBL', 'public-security', 'social-security'),
    guided('income-tax', '个人所得税年度汇算', 'GRSDSNDHS', 'taxation', 'social-security'),
    guided('senior-allowance', '高龄津贴申领', 'GLJTSL', 'civil-affairs', 'social-security'),
    guided('volunteer', '社区志愿服务登记', 'SQZYFWDJ', 'community-affairs', 'social-security'),
    guided('housing-fund', '公积金提取', 'GJJTQ', 'housing', 'social-security'),
  ],
};

/** The community the fixtures' terminal serves: a taken-away guide names it. */
export const COMMUNITY = '长征街社区居民委员会';

/** 1080 CSS px at 0.248 mm per px: the default 21.5" profile. */
export const SCREEN_HEIGHT_MM = 1080 * 0.248;

/** A session's input on the default 21.5" landscape glass, with the fixtures' catalogue. */
export const SESSION_INPUT = {
  catalogue: CATALOGUE,
  queues: QUEUES,
  screenHeightMm: SCREEN_HEIGHT_MM,
  portrait: false,
  timeZone: 'Asia/Shanghai',
  communityName: COMMUNITY,
};
