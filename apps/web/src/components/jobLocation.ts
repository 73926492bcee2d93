/** Where a job is, in words for its description: "Remote", "Berlin (hybrid)", "Berlin / Lisbon". */
export function suggestedLocation(workModel: string, offices: Array<{ city: string }>): string {
  const cities = [...new Set(offices.map((o) => o.city))].join(' / ');
  if (workModel === 'remote') return 'Remote';
  if (!cities) return workModel === 'hybrid' ? 'Hybrid' : '';
  return workModel === 'hybrid' ? `${cities} (hybrid)` : cities;
}
