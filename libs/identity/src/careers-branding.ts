import { IdentityErrorCode, IdentityException } from './identity.exception.js';

/** `#rrggbb`: the only accent colour form the careers page takes. */
export const ACCENT_COLOR = /^#[0-9a-fA-F]{6}$/;
/** WCAG AA for normal text: the accent carries white button text and is the link colour on white. */
export const MIN_ACCENT_CONTRAST = 4.5;

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of a `#rrggbb` colour against white (1 to 21). */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** Refuses an accent colour white text cannot be read on (422 naming `accentColor`, with the ratio). */
export function assertReadableAccent(accentColor: string | null | undefined): void {
  if (!accentColor) return;
  const ratio = contrastWithWhite(accentColor);
  if (ratio < MIN_ACCENT_CONTRAST) {
    throw new IdentityException(IdentityErrorCode.InvalidSettings, 'The accent colour is too light for white text and links on white.', {
      errors: [
        {
          field: 'accentColor',
          message: `this colour is too light to read white text on (contrast ${ratio.toFixed(1)}:1, at least ${MIN_ACCENT_CONTRAST}:1 is needed); choose a darker shade`,
        },
      ],
    });
  }
}
