// `#sqlite-driver`: the optional better-sqlite3 peer dependency. Browser builds resolve
// it to sqliteDriver.browser.ts, so bundlers never pull the native module into a page.
export { default } from 'better-sqlite3';
