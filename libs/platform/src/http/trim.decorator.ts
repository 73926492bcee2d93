import { Transform } from 'class-transformer';

/** Trims a string field before it is validated; other values pass through unchanged. */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
