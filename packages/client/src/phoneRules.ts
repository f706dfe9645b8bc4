// `@ringback/client/phone-rules`: numbering rules per country, generated from
// libphonenumber-js. Import only the countries your widget accepts:
//   createCallSession({ …, phoneRules: { IN, AE, GB } })
export * from './generated/phoneRules.js';
export type { PhoneRuleData, PhoneRules } from './phoneRule.js';
