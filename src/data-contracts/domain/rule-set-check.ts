import { parse as parseCel } from '@bufbuild/cel';
import jsonata from 'jsonata';
import { kindOf, modeOf, Rule, RULE_KINDS, RULE_LISTS, RULE_MODES, RuleList, RuleMode, RuleSet } from './rule-set';

/**
 * Rule types the official clients execute (docs/data-contracts.md, "Rule types"). A rule of any
 * other type would reach a client that has no executor for it and fail every record at run time.
 */
export const RULE_TYPES = ['CEL', 'CEL_FIELD', 'JSONATA', 'ENCRYPT', 'ENCRYPT_PAYLOAD'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** Field-level rule types: they apply to the fields whose tags meet the rule's `tags`. */
export const FIELD_RULE_TYPES: readonly string[] = ['CEL_FIELD', 'ENCRYPT'];

const MIGRATION_MODES: readonly RuleMode[] = ['UPGRADE', 'DOWNGRADE', 'UPDOWN'];
const DOMAIN_MODES: readonly RuleMode[] = ['WRITE', 'READ', 'WRITEREAD'];
const NAME_MAX_LENGTH = 256;
const NAME_PATTERN = /^[\p{L}_][\p{L}\p{N}_-]*$/u;
// Bounds on what a rule set may hold: expressions are parsed on every registration.
const MAX_RULES = 200;
const MAX_EXPR_LENGTH = 10_000;

/** Why a rule set cannot be stored: `field` is the path in the request body, `ruleName` the rule's name. */
export interface RuleSetProblem {
  field: string;
  ruleName?: string;
  message: string;
}

/** A rule set problem that does not refuse the version (e.g. a tag the schema does not declare). */
export interface RuleSetWarning {
  field: string;
  ruleName: string;
  message: string;
}

/**
 * The first problem of a rule set, checked in the order the body is written, or undefined when it
 * can be stored. Structure as Confluent checks it (names, modes per list, duplicate names, multiple
 * actions), plus Charter's own: the kind, mode and type must be known, and CEL, CEL_FIELD and
 * JSONata expressions must parse.
 */
export function ruleSetProblem(ruleSet: unknown, field = 'ruleSet'): RuleSetProblem | undefined {
  if (ruleSet === undefined || ruleSet === null) return undefined;
  if (typeof ruleSet !== 'object' || Array.isArray(ruleSet)) return { field, message: `'${field}' must be an object.` };
  const set = ruleSet as RuleSet;
  const names = new Set<string>();
  let count = 0;
  for (const list of RULE_LISTS) {
    const rules = set[list] as unknown;
    if (rules === undefined || rules === null) continue;
    if (!Array.isArray(rules)) return { field: `${field}.${list}`, message: `'${field}.${list}' must be an array of rules.` };
    for (const [index, rule] of rules.entries()) {
      const at = `${field}.${list}[${index}]`;
      if (++count > MAX_RULES) return { field: at, message: `A rule set holds at most ${MAX_RULES} rules.` };
      const problem = ruleProblem(rule, list, at);
      if (problem) return problem;
      const name = (rule as Rule).name;
      if (names.has(name)) {
        return { field: `${at}.name`, ruleName: name, message: `Rule '${name}' (${at}.name): found a second rule with this name.` };
      }
      names.add(name);
    }
  }
  if (set.enableAt !== undefined && set.enableAt !== null && typeof set.enableAt !== 'string') {
    return { field: `${field}.enableAt`, message: `'${field}.enableAt' must be a string.` };
  }
  return undefined;
}

function ruleProblem(value: unknown, list: RuleList, at: string): RuleSetProblem | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { field: at, message: `'${at}' must be a rule object.` };
  const rule = value as Record<string, unknown>;
  const name = rule.name;
  if (typeof name !== 'string' || name === '') return { field: `${at}.name`, message: `The rule at ${at} needs a name (${at}.name).` };
  const fail = (key: string, message: string): RuleSetProblem => ({
    field: `${at}.${key}`,
    ruleName: name,
    message: `Rule '${name}' (${at}.${key}): ${message}`,
  });
  if (name.length > NAME_MAX_LENGTH) return fail('name', `the name is longer than ${NAME_MAX_LENGTH} characters.`);
  if (!NAME_PATTERN.test(name)) {
    return fail('name', 'a name starts with a letter or _ and holds only letters, digits, _ and -.');
  }
  for (const key of ['doc', 'expr', 'onSuccess', 'onFailure'] as const) {
    if (rule[key] !== undefined && rule[key] !== null && typeof rule[key] !== 'string') return fail(key, `'${key}' must be a string.`);
  }
  if (rule.disabled !== undefined && rule.disabled !== null && typeof rule.disabled !== 'boolean') {
    return fail('disabled', "'disabled' must be true or false.");
  }
  if (rule.kind !== undefined && !(RULE_KINDS as readonly unknown[]).includes(rule.kind)) {
    return fail('kind', `unknown kind ${JSON.stringify(rule.kind)}; use ${RULE_KINDS.join(' or ')}.`);
  }
  if (rule.mode !== undefined && !(RULE_MODES as readonly unknown[]).includes(rule.mode)) {
    return fail('mode', `unknown mode ${JSON.stringify(rule.mode)}; use one of ${RULE_MODES.join(', ')}.`);
  }
  if (typeof rule.type !== 'string' || rule.type === '') return fail('type', `the rule needs a type (${RULE_TYPES.join(', ')}).`);
  if (!(RULE_TYPES as readonly string[]).includes(rule.type)) {
    return fail('type', `unknown type '${rule.type}'; the clients execute ${RULE_TYPES.join(', ')}.`);
  }
  const typed = rule as unknown as Rule;
  const mode = modeOf(typed);
  if (list === 'migrationRules' && !MIGRATION_MODES.includes(mode)) {
    return fail('mode', `migration rules are UPGRADE, DOWNGRADE or UPDOWN, not ${mode}${rule.mode === undefined ? ' (the default)' : ''}.`);
  }
  if (list !== 'migrationRules' && !DOMAIN_MODES.includes(mode)) {
    return fail('mode', `${list === 'domainRules' ? 'domain' : 'encoding'} rules are WRITE, READ or WRITEREAD, not ${mode}.`);
  }
  for (const key of ['onSuccess', 'onFailure'] as const) {
    const action = rule[key] as string | undefined;
    if (action && action.includes(',') && mode !== 'WRITEREAD' && mode !== 'UPDOWN') {
      return fail(key, `two actions ('${action}') are only meaningful for WRITEREAD and UPDOWN rules.`);
    }
  }
  if (
    rule.tags !== undefined &&
    rule.tags !== null &&
    (!Array.isArray(rule.tags) || rule.tags.some((t) => typeof t !== 'string' || t === ''))
  ) {
    return fail('tags', "'tags' must be a list of tag names.");
  }
  if (rule.params !== undefined && rule.params !== null) {
    if (typeof rule.params !== 'object' || Array.isArray(rule.params) || Object.values(rule.params).some((v) => typeof v !== 'string')) {
      return fail('params', "'params' must be an object of string values.");
    }
  }
  if ((rule.type === 'ENCRYPT' || rule.type === 'ENCRYPT_PAYLOAD') && kindOf(typed) !== 'TRANSFORM') {
    return fail('kind', `${rule.type} rules are TRANSFORMs.`);
  }
  return expressionProblem(typed, fail);
}

function expressionProblem(rule: Rule, fail: (key: string, message: string) => RuleSetProblem): RuleSetProblem | undefined {
  if (rule.type !== 'CEL' && rule.type !== 'CEL_FIELD' && rule.type !== 'JSONATA') return undefined;
  const expr = rule.expr;
  if (expr === undefined || expr === null || expr.trim() === '') return fail('expr', `a ${rule.type} rule needs an expression.`);
  if (expr.length > MAX_EXPR_LENGTH) return fail('expr', `the expression is longer than ${MAX_EXPR_LENGTH} characters.`);
  if (rule.type === 'JSONATA') {
    try {
      jsonata(expr);
    } catch (err) {
      return fail('expr', `the JSONata expression does not parse: ${errorText(err)}.`);
    }
    return undefined;
  }
  // The clients read `guard;expression`: the expression runs only where the guard holds.
  const cut = expr.indexOf(';');
  const parts = cut >= 0 ? [expr.slice(0, cut), expr.slice(cut + 1)] : [expr];
  for (const [i, part] of parts.entries()) {
    if (part.trim() === '' && i === 0 && parts.length === 2) continue;
    try {
      parseCel(part);
    } catch (err) {
      const which = parts.length === 2 ? (i === 0 ? 'guard of the ' : '') : '';
      return fail('expr', `the ${which}CEL expression does not parse: ${errorText(err)}.`);
    }
  }
  return undefined;
}

/**
 * Tags a field-level rule names that no field of the schema carries: the rule would silently
 * apply to nothing (an ENCRYPT rule encrypting no field is the dangerous case).
 */
export function ruleTagWarnings(ruleSet: RuleSet | null | undefined, schemaTags: ReadonlySet<string>, field = 'ruleSet'): RuleSetWarning[] {
  const warnings: RuleSetWarning[] = [];
  for (const list of RULE_LISTS) {
    for (const [index, rule] of (ruleSet?.[list] ?? []).entries()) {
      if (!FIELD_RULE_TYPES.includes(rule.type)) continue;
      for (const tag of rule.tags ?? []) {
        if (schemaTags.has(tag)) continue;
        warnings.push({
          field: `${field}.${list}[${index}].tags`,
          ruleName: rule.name,
          message: `Rule '${rule.name}' names tag '${tag}', which no field of the schema carries: the rule applies to nothing for it.`,
        });
      }
    }
  }
  return warnings;
}

function errorText(err: unknown): string {
  // jsonata throws plain objects ({code, message, position}), not Errors.
  const message = (err as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(err);
  return text.replace(/\s+/g, ' ').replace(/\.$/, '').slice(0, 300);
}
