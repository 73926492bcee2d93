import { adjacentFamilyTemplates } from './adjacent-families.js';
import { backendTemplates } from './backend-developer.js';
import type { BuiltInTemplate } from './template-content.js';

/**
 * The whole built-in library: 480 Backend Developer combinations followed by the adjacent
 * families (four seniorities each). Deterministic: same order and content on every call,
 * and fresh objects each time so callers may mutate what they get.
 */
export function builtInTemplates(): BuiltInTemplate[] {
  return [...backendTemplates(), ...adjacentFamilyTemplates()];
}

/** One built-in by key, or undefined. */
export function findBuiltInTemplate(key: string): BuiltInTemplate | undefined {
  return builtInTemplates().find((template) => template.key === key);
}
