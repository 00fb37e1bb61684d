/** Go's regular expressions (RE2), as ESO reads them: compile, check, match and expand. */
export { GoRegex, compileGoRegex } from './compile';
export { checkRegex, goRegexMatches } from './check';
export * from './replace';
export { GO_UNICODE_CLASSES } from './spelling';
