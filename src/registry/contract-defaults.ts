import { ContractDefaults } from '../data-contracts/domain/contract-merge';
import { Metadata, RegistryConfig, RuleSet } from './registry.types';

const objectOrNull = <T>(value: unknown): T | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as T) : null);

/** The metadata and rule-set defaults and overrides of an effective config (checked when they were stored). */
export function contractDefaults(config: RegistryConfig): ContractDefaults {
  return {
    defaultMetadata: objectOrNull<Metadata>(config.options.defaultMetadata),
    overrideMetadata: objectOrNull<Metadata>(config.options.overrideMetadata),
    defaultRuleSet: objectOrNull<RuleSet>(config.options.defaultRuleSet),
    overrideRuleSet: objectOrNull<RuleSet>(config.options.overrideRuleSet),
  };
}

/** The metadata property that splits a subject into compatibility groups, when configured. */
export function compatibilityGroupOf(config: RegistryConfig): string | undefined {
  const group = config.options.compatibilityGroup;
  return typeof group === 'string' && group !== '' ? group : undefined;
}
