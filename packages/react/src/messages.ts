/**
 * Every string the widget shows. Most keys are the status, phone problem or error
 * code they describe. `{when}` (a localized date and time), `{countries}` (country
 * names) and `{duration}` (m:ss) are filled in.
 */
export interface ClickToCallMessages {
  /** Label of the country select. */
  country: string;
  /** Label of the phone field. */
  phone: string;
  /** The submit button; a widget's server-side `labels.button` overrides it too. */
  submit: string;
  /** The submit button while the call is being placed. */
  submitting: string;
  retry: string;
  cancel: string;
  /** Back to the form after an ending. */
  reset: string;
  /** The three progress steps. */
  stepAgent: string;
  stepYou: string;
  stepConnected: string;
  validating: string;
  placing: string;
  requested: string;
  'dialing-agent': string;
  'dialing-you': string;
  connected: string;
  completed: string;
  'agent-unavailable': string;
  'not-answered': string;
  busy: string;
  failed: string;
  canceled: string;
  /** Over, but the phone network never said how (see the server's `ended` state). */
  ended: string;
  empty: string;
  too_short: string;
  too_long: string;
  /** A number that is not valid (checked in the browser or by the server). */
  invalid: string;
  country_not_allowed: string;
  number_type_not_allowed: string;
  number_blocked: string;
  closed: string;
  /** Closed, with no opening scheduled. */
  closedLater: string;
  rate_limited: string;
  /** Rate limited, without a retry time. */
  rateLimitedLater: string;
  /** Human verification missing, refused or unavailable. */
  verification: string;
  network_error: string;
  /** The widget is set up wrong (unknown widget, origin not allowed, …). */
  misconfigured: string;
  /** Any other failure on the way to the phone network. */
  unavailable: string;
}

export const en: ClickToCallMessages = {
  country: 'Country',
  phone: 'Your phone number',
  submit: 'Call me',
  submitting: 'Calling…',
  retry: 'Try again',
  cancel: 'Cancel',
  reset: 'Use another number',
  stepAgent: 'Calling us',
  stepYou: 'Calling you',
  stepConnected: 'Connected',
  validating: 'Checking…',
  placing: 'Placing your call…',
  requested: 'Connecting…',
  'dialing-agent': 'Calling our team. Your phone rings once someone answers.',
  'dialing-you': 'Your phone is ringing: please pick up.',
  connected: 'You are connected.',
  completed: 'Call ended ({duration}). Thank you!',
  'agent-unavailable': 'Nobody could answer just now. Please try again in a few minutes.',
  'not-answered': 'We called but could not reach you. Try again when you can answer.',
  busy: 'Your line was busy. Try again when it is free.',
  failed: 'The call did not go through. Please try again.',
  canceled: 'The call was canceled.',
  ended: 'The call has ended.',
  empty: 'Enter your phone number.',
  too_short: 'This number is too short.',
  too_long: 'This number is too long.',
  invalid: 'This number does not look valid.',
  country_not_allowed: 'We can only call numbers in {countries}.',
  number_type_not_allowed: 'We cannot call this kind of number. Use a mobile or landline.',
  number_blocked: 'We cannot call this number. Try another one.',
  closed: 'We are closed. We take calls again from {when}.',
  closedLater: 'We are not taking calls right now.',
  rate_limited: 'Too many requests. Try again after {when}.',
  rateLimitedLater: 'Too many requests. Try again later.',
  verification: 'Please complete the verification and try again.',
  network_error: 'Cannot reach the call service. Check your connection and try again.',
  misconfigured: 'Calls cannot be placed from this page. Please contact us another way.',
  unavailable: 'We cannot place calls right now. Try again in a moment.',
};

export const hi: ClickToCallMessages = {
  country: 'देश',
  phone: 'आपका फ़ोन नंबर',
  submit: 'मुझे कॉल करें',
  submitting: 'कॉल हो रही है…',
  retry: 'फिर कोशिश करें',
  cancel: 'रद्द करें',
  reset: 'दूसरा नंबर डालें',
  stepAgent: 'हमें कॉल',
  stepYou: 'आपको कॉल',
  stepConnected: 'जुड़ गए',
  validating: 'जाँच हो रही है…',
  placing: 'कॉल लगाई जा रही है…',
  requested: 'जोड़ा जा रहा है…',
  'dialing-agent': 'टीम को कॉल जा रही है। जवाब मिलते ही आपका फ़ोन बजेगा।',
  'dialing-you': 'आपका फ़ोन बज रहा है: कृपया उठाएँ।',
  connected: 'आप जुड़ गए हैं।',
  completed: 'कॉल समाप्त ({duration})। धन्यवाद!',
  'agent-unavailable': 'अभी कोई जवाब नहीं दे सका। कुछ देर बाद फिर कोशिश करें।',
  'not-answered': 'आपने फ़ोन नहीं उठाया। बाद में फिर कोशिश करें।',
  busy: 'आपकी लाइन व्यस्त थी। बाद में फिर कोशिश करें।',
  failed: 'कॉल नहीं लग सकी। कृपया फिर कोशिश करें।',
  canceled: 'कॉल रद्द हो गई।',
  ended: 'कॉल समाप्त हो गई।',
  empty: 'अपना फ़ोन नंबर डालें।',
  too_short: 'यह नंबर बहुत छोटा है।',
  too_long: 'यह नंबर बहुत लंबा है।',
  invalid: 'यह नंबर सही नहीं लगता।',
  country_not_allowed: 'केवल {countries} के नंबरों पर कॉल हो सकती है।',
  number_type_not_allowed: 'इस तरह के नंबर पर कॉल नहीं हो सकती। मोबाइल या लैंडलाइन डालें।',
  number_blocked: 'इस नंबर पर कॉल नहीं हो सकती। दूसरा नंबर डालें।',
  closed: 'अभी हम बंद हैं। {when} से फिर कॉल लेंगे।',
  closedLater: 'अभी हम कॉल नहीं ले रहे हैं।',
  rate_limited: 'बहुत ज़्यादा अनुरोध। {when} के बाद फिर कोशिश करें।',
  rateLimitedLater: 'बहुत ज़्यादा अनुरोध। बाद में फिर कोशिश करें।',
  verification: 'कृपया सत्यापन पूरा करके फिर कोशिश करें।',
  network_error: 'कॉल सेवा से संपर्क नहीं हुआ। कनेक्शन जाँचकर फिर कोशिश करें।',
  misconfigured: 'इस पेज से कॉल नहीं हो सकती। कृपया दूसरे तरीके से संपर्क करें।',
  unavailable: 'अभी कॉल नहीं लग सकती। थोड़ी देर में फिर कोशिश करें।',
};

/** The shipped catalogs, by language. */
export const catalogs: Record<string, ClickToCallMessages> = { en, hi };

/**
 * The catalog for a BCP 47 locale (`hi-IN` → Hindi, anything unknown → English), with
 * the server's label overrides and then the page's `messages` on top.
 */
export const resolveMessages = (
  locale: string,
  ...overrides: (Partial<ClickToCallMessages> | Record<string, string> | undefined)[]
): ClickToCallMessages =>
  Object.assign({}, catalogs[locale.split('-')[0]!.toLowerCase()] ?? en, ...overrides);

/** Fills `{name}` placeholders. */
export const fill = (message: string, values: Record<string, string>): string =>
  message.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
