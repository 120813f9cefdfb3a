import type { IdCardHolder } from './holder.js';

export interface SampleIdentity {
  readonly key: string;
  /** Shown in the development panel. Ages are as of 2026, kept static on purpose. */
  readonly label: string;
  readonly holder: IdCardHolder;
}

/**
 * Fictional people for the simulator and the development panel. Check digits were computed with
 * `idNumberCheckDigit` and are asserted in the tests. Birthdays early in January keep the
 * stated ages true for nearly all of 2026; 刘志强 turns 65 on 2026-06-15 to exercise the
 * senior-citizen boundary.
 */
export const SAMPLE_IDENTITIES: readonly SampleIdentity[] = [
  {
    key: 'wang-xiuying',
    label: '王秀英（女，73岁，长者）',
    holder: {
      cardType: 'resident',
      name: '王秀英',
      gender: 'female',
      ethnicityCode: '01',
      birthDate: '1953-01-05',
      address: '山西省忻州市忻府区长征街1号',
      idNumber: '140902195301050227',
      issuingAuthority: '忻州市公安局忻府分局',
      validFrom: '2013-04-10',
      validUntil: 'long-term',
    },
  },
  {
    key: 'li-jianguo',
    label: '李建国（男，36岁）',
    holder: {
      cardType: 'resident',
      name: '李建国',
      gender: 'male',
      ethnicityCode: '01',
      birthDate: '1990-01-08',
      address: '山西省忻州市忻府区和平街25号',
      idNumber: '140902199001080131',
      issuingAuthority: '忻州市公安局忻府分局',
      validFrom: '2018-09-03',
      validUntil: '2038-09-03',
    },
  },
  {
    key: 'liu-zhiqiang',
    label: '刘志强（男，1961年6月15日生，2026年6月15日满65岁）',
    holder: {
      cardType: 'resident',
      name: '刘志强',
      gender: 'male',
      ethnicityCode: '01',
      birthDate: '1961-06-15',
      address: '山西省忻州市忻府区新建路12号',
      idNumber: '140902196106150358',
      issuingAuthority: '忻州市公安局忻府分局',
      validFrom: '2011-06-20',
      validUntil: '2031-06-20',
    },
  },
  {
    key: 'chen-jiaming',
    label: '陈家明（男，40岁，港澳台居民居住证·香港）',
    holder: {
      cardType: 'hmt-permit',
      name: '陈家明',
      gender: 'male',
      birthDate: '1986-01-12',
      address: '山西省忻州市忻府区七一路8号',
      idNumber: '810000198601120313',
      issuingAuthority: '忻州市公安局',
      validFrom: '2023-05-10',
      validUntil: '2028-05-10',
      passNumber: 'H12345678',
      issueCount: '01',
    },
  },
  {
    key: 'john-smith',
    label: '约翰（男，71岁，外国人永久居留身份证 2017 版）',
    holder: {
      cardType: 'foreign-2017',
      name: '约翰',
      chineseName: '约翰',
      englishName: 'SMITH, JOHN',
      gender: 'male',
      birthDate: '1955-01-04',
      idNumber: 'USA110055010401',
      validFrom: '2017-06-01',
      validUntil: '2027-06-01',
      nationality: 'USA',
      cardVersion: '01',
      authorityCode: '1100',
    },
  },
  {
    key: 'anna-schmidt',
    label: '安娜（女，46岁，外国人永久居留身份证）',
    holder: {
      cardType: 'foreign-2023',
      name: '安娜',
      chineseName: '安娜',
      englishName: 'SCHMIDT, ANNA MARIA',
      gender: 'female',
      birthDate: '1980-01-03',
      idNumber: '933156198001030012',
      validFrom: '2024-01-15',
      validUntil: '2034-01-15',
      nationality: 'DEU',
      renewalCount: '00',
      previousCardLink: '',
    },
  },
];
