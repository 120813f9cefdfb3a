/** Gender as coded on cards: 0 unknown, 1 male, 2 female, 9 unstated (GB/T 2261.1). */
export type Gender = 'male' | 'female' | 'unknown' | 'unstated';

interface HolderCommon {
  /** The name to greet the resident with; see the foreign card types for which one. */
  name: string;
  gender: Gender;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** The 18-character citizen / permit number, or the foreign card number. */
  idNumber: string;
  /** YYYY-MM-DD (the issue date on foreign cards). */
  validFrom: string;
  /** YYYY-MM-DD, or 'long-term' for 长期. */
  validUntil: string;
}

/** 居民身份证. */
export interface ResidentHolder extends HolderCommon {
  cardType: 'resident';
  /** Two digits, GB/T 3304 (01-56, 97 other, 98 foreign-born Chinese citizen). */
  ethnicityCode: string;
  address: string;
  issuingAuthority: string;
}

/** 港澳台居民居住证; ID numbers start 810000 (HK), 820000 (Macau), 830000 (Taiwan). */
export interface HmtPermitHolder extends HolderCommon {
  cardType: 'hmt-permit';
  address: string;
  issuingAuthority: string;
  /** The 通行证 number. */
  passNumber: string;
  /** As stored, two digits, e.g. '01'. */
  issueCount: string;
}

/**
 * Foreign permanent residence cards. `name` is the Chinese name, or the English name when
 * the card has none; the encoder writes `chineseName` and `englishName` and ignores `name`.
 */
export interface Foreign2017Holder extends HolderCommon {
  cardType: 'foreign-2017';
  chineseName: string;
  englishName: string;
  /** ISO 3166-1 alpha-3. */
  nationality: string;
  cardVersion: string;
  authorityCode: string;
}

export interface Foreign2023Holder extends HolderCommon {
  cardType: 'foreign-2023';
  chineseName: string;
  englishName: string;
  /** Nationality code as stored (3 characters). */
  nationality: string;
  renewalCount: string;
  /** The card's link to the previous card number, as stored (3 characters). */
  previousCardLink: string;
}

export type IdCardHolder = ResidentHolder | HmtPermitHolder | Foreign2017Holder | Foreign2023Holder;

export type IdCardType = IdCardHolder['cardType'];
