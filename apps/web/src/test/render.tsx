import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { AuthProvider } from '../app/auth';
import { theme } from '../app/providers';

/** The app's theme and a fresh query client that never retries. */
function renderInApp(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={client}>{ui}</QueryClientProvider>
    </MantineProvider>,
  );
}

export function renderWithProviders(ui: ReactNode) {
  return renderInApp(<MemoryRouter>{ui}</MemoryRouter>);
}

/** For screens that sign in or out: the app's AuthProvider around `ui` (signed in while `tokenStore` has a token); any router is the caller's. */
export function renderWithAuth(ui: ReactNode) {
  return renderInApp(<AuthProvider>{ui}</AuthProvider>);
}

/** axe-core over what is rendered (jsdom: no layout, so colour contrast is left to the browser tests): serious and critical findings. */
export async function axeViolations(root: Element = document.body): Promise<string[]> {
  const { default: axe } = await import('axe-core');
  const result = await axe.run(root, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
    resultTypes: ['violations'],
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
