import { careersLayout, escapeHtml as esc, type OrgProfile } from '../../../postings/src/index.js';
import { PrivacyRequestKind } from './privacy-request.dto.js';

const TITLES: Record<PrivacyRequestKind, string> = {
  [PrivacyRequestKind.Access]: 'Request my data',
  [PrivacyRequestKind.Deletion]: 'Delete my data',
};

const INTROS: Record<PrivacyRequestKind, string> = {
  [PrivacyRequestKind.Access]: 'Ask for a copy of the personal data we hold about you. We email a confirmation link to the address you give.',
  [PrivacyRequestKind.Deletion]:
    'Ask us to delete the personal data we hold about you. We email a confirmation link to the address you give; after you confirm, your data is removed and cannot be restored.',
};

/** The form: one email field, posted without script; a malformed address comes back with a sentence beside it. */
export function requestFormPage(org: OrgProfile, kind: PrivacyRequestKind, problem: boolean, email = ''): string {
  const action = `${org.careersUrl}/privacy/request`;
  const error = problem
    ? `<div class="errors" role="alert" tabindex="-1" autofocus><p>Enter the email address you applied with, like name@example.com.</p></div>`
    : '';
  return careersLayout(
    org,
    `${TITLES[kind]} – ${org.name}`,
    `<h1>${TITLES[kind]}</h1>${error}<p>${esc(INTROS[kind])}</p>
<form method="post" action="${esc(action)}" novalidate>
<input type="hidden" name="kind" value="${kind}">
<p><label for="email">Email address</label><br><input id="email" name="email" type="email" maxlength="254" autocomplete="email" required value="${esc(email)}"${
      problem ? ' aria-invalid="true" aria-describedby="email-error"' : ''
    }>${problem ? '<br><span id="email-error" class="field-error">Enter a valid email address.</span>' : ''}</p>
<p><button class="button" type="submit">Send me a confirmation link</button></p>
</form>`,
  );
}

/** The one answer to every well-formed request, whether or not the address is known. */
export function requestSentPage(org: OrgProfile): string {
  return careersLayout(
    org,
    `Check your email – ${org.name}`,
    `<h1>Check your email</h1><p>If we hold data for this address, we sent it a link to confirm your request. The link works once, for 24 hours.</p>
<p><a href="${esc(org.careersUrl)}">Back to open positions</a></p>`,
  );
}

/** The page a confirmation link opens: a button (a POST), so a mail scanner following the link uses nothing up. */
export function confirmPage(org: OrgProfile, kind: PrivacyRequestKind, token: string): string {
  const what = kind === PrivacyRequestKind.Access ? 'send you a copy of your data' : 'delete your data';
  return careersLayout(
    org,
    `Confirm your request – ${org.name}`,
    `<h1>Confirm your request</h1><p>Confirm and ${esc(org.name)} will ${what}.</p>
<form method="post" action="${esc(`${org.careersUrl}/privacy/confirm`)}"><input type="hidden" name="token" value="${esc(token)}">
<p><button class="button" type="submit">Confirm</button></p></form>`,
  );
}

export function confirmedPage(org: OrgProfile, kind: PrivacyRequestKind): string {
  const message =
    kind === PrivacyRequestKind.Access
      ? 'Thank you. We are preparing a copy of your data and will email you a download link when it is ready.'
      : 'Thank you. Your request to delete your data is confirmed and will be carried out.';
  return careersLayout(org, `Request confirmed – ${org.name}`, `<h1>Request confirmed</h1><p>${esc(message)}</p>`);
}

export function linkInvalidPage(org: OrgProfile): string {
  return careersLayout(
    org,
    `Link not valid – ${org.name}`,
    `<h1>This link is not valid any more</h1><p>Links work once and for 24 hours. You can make a new request from the careers page.</p>
<p><a href="${esc(`${org.careersUrl}/privacy/request?kind=access`)}">Request my data</a> · <a href="${esc(`${org.careersUrl}/privacy/request?kind=deletion`)}">Delete my data</a></p>`,
  );
}

export function tooManyPage(org: OrgProfile): string {
  return careersLayout(
    org,
    `Please wait – ${org.name}`,
    `<h1>Please try again later</h1><p>We received many requests from here. Please wait a few minutes.</p>`,
  );
}
