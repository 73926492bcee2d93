import { PayPeriod } from '../offer.types.js';
import { checkBand, SalaryBand } from '../rules/band-check.js';

const band: SalaryBand = { min: 100000, max: 140000, currency: 'EUR', period: PayPeriod.Year };
const yearly = (amount: number, currency = 'EUR') => ({ amount, currency, period: PayPeriod.Year });

describe('checkBand', () => {
  it.each([100000, 120000, 140000])('accepts %d EUR a year inside a 100k–140k EUR band (edges included)', (amount) => {
    expect(checkBand(yearly(amount), band)).toEqual({ outOfBand: false, reasons: [] });
  });

  it('flags pay below the minimum and names the minimum', () => {
    const result = checkBand(yearly(99999.99), band);
    expect(result.outOfBand).toBe(true);
    expect(result.reasons[0]).toMatch(/below the band minimum of 100000 EUR/);
  });

  it('flags pay above the maximum', () => {
    const result = checkBand(yearly(140000.01), band);
    expect(result.outOfBand).toBe(true);
    expect(result.reasons[0]).toMatch(/above the band maximum of 140000/);
  });

  it('treats another currency as out of band whatever the amount (no guessed exchange rate)', () => {
    const result = checkBand(yearly(120000, 'USD'), band);
    expect(result.outOfBand).toBe(true);
    expect(result.reasons[0]).toMatch(/USD.*EUR/);
  });

  it('compares currencies case-insensitively', () => {
    expect(checkBand(yearly(120000, 'eur'), band).outOfBand).toBe(false);
  });

  it('compares monthly and hourly pay with a yearly band on a yearly basis', () => {
    expect(checkBand({ amount: 10000, currency: 'EUR', period: PayPeriod.Month }, band).outOfBand).toBe(false); // 120k
    expect(checkBand({ amount: 12000, currency: 'EUR', period: PayPeriod.Month }, band).outOfBand).toBe(true); // 144k
    expect(checkBand({ amount: 50, currency: 'EUR', period: PayPeriod.Hour }, band).outOfBand).toBe(false); // 104k
    expect(checkBand({ amount: 40, currency: 'EUR', period: PayPeriod.Hour }, band).outOfBand).toBe(true); // 83.2k
  });

  it('applies only the side of a band that is set', () => {
    expect(checkBand(yearly(1_000_000), { ...band, max: null }).outOfBand).toBe(false);
    expect(checkBand(yearly(1), { ...band, min: null }).outOfBand).toBe(false);
    expect(checkBand(yearly(1), { ...band, max: null }).outOfBand).toBe(true);
  });

  it('puts no limit on an offer for a job without a band', () => {
    expect(checkBand(yearly(5, 'JPY'), { min: null, max: null, currency: null, period: null })).toEqual({ outOfBand: false, reasons: [] });
  });
});
