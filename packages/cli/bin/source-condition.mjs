// Module resolution hook for development checkouts: adds the `edgeward-source` export condition, so the
// workspace packages resolve to their TypeScript sources instead of an unbuilt dist/.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('edgeward-source')
    ? context.conditions
    : [...context.conditions, 'edgeward-source'];
  return nextResolve(specifier, { ...context, conditions });
}
