/**
 * Field names compared the way people write them in different formats: `customer_email`,
 * `customerEmail` and `Customer-Email` are one name.
 */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** A required-field name pattern: normalized like a name, `*` for any run of characters. */
export function namePattern(pattern: string): RegExp {
  const parts = pattern.split('*').map((part) => normalizeName(part).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 'u');
}

export interface PersonalKind {
  /** What the field seems to hold, for messages: "an email address". */
  what: string;
  /** The tag it should carry. */
  tag: string;
}

/**
 * Names that usually hold personal, financial, health or secret data, matched on the end of the
 * normalized name (`billingEmail`, `customer_phone_number`) unless anchored. Deliberately
 * conservative: bare `name` or `address` say too little to warn about.
 */
const PERSONAL_NAMES: [RegExp, PersonalKind][] = [
  [/(email|emailaddress)$/u, { what: 'an email address', tag: 'PII' }],
  [/(phone|phonenumber|mobile|mobilenumber|telephone|msisdn)$/u, { what: 'a phone number', tag: 'PII' }],
  [/(birthdate|dateofbirth|dob|birthday)$/u, { what: 'a birth date', tag: 'PII' }],
  [
    /(nationalid|nationalidnumber|ssn|socialsecuritynumber|passportnumber|taxid|taxnumber|driverslicense|driverslicence)$/u,
    { what: 'a national identifier', tag: 'PII' },
  ],
  [/(firstname|lastname|fullname|surname|givenname|familyname|middlename|maidenname)$/u, { what: "a person's name", tag: 'PII' }],
  [
    /(addressline\d*|^line\d|street|streetaddress|housenumber|postcode|postalcode|zipcode|^zip)$/u,
    { what: 'part of a postal address', tag: 'PII' },
  ],
  [/(ipaddress|^ip)$/u, { what: 'an IP address', tag: 'PII' }],
  [/(gender|ethnicity|religion)$/u, { what: 'a sensitive personal attribute', tag: 'PII' }],
  [
    /(iban|^bic|swiftcode|accountnumber|bankaccount|cardnumber|creditcard|creditcardnumber)$/u,
    { what: 'a bank or card number', tag: 'FINANCIAL' },
  ],
  [/(diagnosis|medicalrecord|bloodtype|allergies|medication)$/u, { what: 'health data', tag: 'HEALTH' }],
  [
    /(password|passwordhash|passwd|secret|apikey|accesstoken|refreshtoken|privatekey|clientsecret|^pin|^cvv|^cvc)$/u,
    { what: 'a secret', tag: 'CREDENTIAL' },
  ],
];

export function personalKind(name: string): PersonalKind | undefined {
  const normalized = normalizeName(name);
  return PERSONAL_NAMES.find(([pattern]) => pattern.test(normalized))?.[1];
}

/** `Customer` → `customerId`: the reference an event should carry instead of the record. */
export function referenceName(entity: string): string {
  const words = entity.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const camel = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return `${camel || 'entity'}Id`;
}
