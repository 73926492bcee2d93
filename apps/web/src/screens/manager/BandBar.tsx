import { Text } from '@mantine/core';
import { fmtMoney } from '../../components/common';

/** The job's salary band drawn as a bar, with the offered amount marked on it (outside the band shows in red). */
export function BandBar({
  band,
  amount,
  currency,
}: {
  band: { min: number | null; max: number | null; currency: string | null; period: string | null };
  amount: number;
  currency: string;
}) {
  if (band.min == null || band.max == null || !band.currency) return <Text size="sm">The job has no salary band.</Text>;
  const lo = Math.min(band.min * 0.8, amount || band.min);
  const hi = Math.max(band.max * 1.2, amount || band.max);
  const pct = (v: number) => `${((v - lo) / (hi - lo)) * 100}%`;
  const inBand = currency === band.currency && amount >= band.min && amount <= band.max;
  return (
    <div
      role="img"
      aria-label={`Band ${fmtMoney(band.min, band.currency)} to ${fmtMoney(band.max, band.currency)}; offer ${amount ? fmtMoney(amount, currency) : 'not set'}, ${inBand ? 'inside' : 'outside'} the band`}
    >
      <div style={{ position: 'relative', height: 18, background: '#e9ecef', borderRadius: 4, margin: '8px 0' }}>
        <div
          style={{
            position: 'absolute',
            left: pct(band.min),
            width: `calc(${pct(band.max)} - ${pct(band.min)})`,
            top: 0,
            bottom: 0,
            background: '#a5d8ff',
            borderRadius: 4,
          }}
        />
        {amount > 0 && <div style={{ position: 'absolute', left: pct(amount), top: -4, bottom: -4, width: 3, background: inBand ? '#1864ab' : '#c92a2a' }} />}
      </div>
      <Text size="xs">
        Band {fmtMoney(band.min, band.currency)} – {fmtMoney(band.max, band.currency, band.period ?? undefined)}
        {amount > 0 && (
          <Text span c={inBand ? 'blue.9' : 'red.9'} fw={600}>
            {' '}
            · offer {inBand ? 'inside' : 'outside'} the band{currency !== band.currency ? ` (currency ${currency} ≠ ${band.currency})` : ''}
          </Text>
        )}
      </Text>
    </div>
  );
}
