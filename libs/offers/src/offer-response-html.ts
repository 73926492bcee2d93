/** What the candidate's offer page shows: the letter with its two answers, or where the offer stands, in words. */
export type OfferPage =
  | { kind: 'invalid' }
  | { kind: 'throttled' }
  | {
      kind: 'open';
      token: string;
      organization: string;
      jobTitle: string;
      letterHtml: string;
      expiresAt: string;
      /** A sentence above the forms (a refused answer), and what was typed in the reason. */
      problem?: string;
      reason?: string;
    }
  | {
      kind: 'accepted' | 'declined' | 'withdrawn' | 'expired' | 'unavailable';
      organization: string;
      jobTitle: string;
      /** When it happened, in words ("12 December 2026 at 17:00 (UTC)"), when known. */
      at: string | null;
      /** The candidate's answer of this very request (else it was decided before). */
      justNow: boolean;
    };

/** The longest decline reason the page takes (the API's own limit for a decline reason). */
export const MAX_DECLINE_REASON = 1000;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;background:#f6f7f9;color:#1a1b1e}
main{max-width:44rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px}
.letter{border:1px solid #dee2e6;border-radius:6px;padding:1rem 1.5rem;margin:1rem 0}
.answers{display:grid;gap:1.5rem;margin-top:1.5rem}
button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #1c7ed6;cursor:pointer}
.accept{background:#1c7ed6;color:#fff}.decline{background:#fff;color:#1c7ed6}
textarea{width:100%;box-sizing:border-box;font:inherit;min-height:5rem}
.problem{border-left:4px solid #e03131;padding:.5rem 1rem;background:#fff5f5}`;

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${escape(title)}</title><style>${STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>`
  );
}

/** The page as HTML (no script: two plain forms that post back here). Every value is escaped; the letter is the sanitised HTML kept when it was sent. */
export function renderOfferPage(view: OfferPage): { status: number; html: string } {
  switch (view.kind) {
    case 'invalid':
      return {
        status: 404,
        html: page(
          'Offer link not valid',
          '<h1>This link does not work</h1><p>The link may be incomplete or mistyped. Open it again from the email you received, or reply to that email and we will send you a new one.</p>',
        ),
      };
    case 'throttled':
      return {
        status: 429,
        html: page('Please wait', '<h1>Please wait a few minutes</h1><p>We received many requests from your network just now. Try again in a few minutes.</p>'),
      };
    case 'open': {
      const action = (answer: string) => `/offers/respond/${answer}`;
      const token = `<input type="hidden" name="token" value="${escape(view.token)}">`;
      return {
        status: view.problem ? 422 : 200,
        html: page(
          `Your offer from ${view.organization}`,
          `<h1>Your offer for ${escape(view.jobTitle)}</h1><p>From ${escape(view.organization)}. You can answer until ${escape(view.expiresAt)}.</p>` +
            (view.problem ? `<p class="problem" role="alert">${escape(view.problem)}</p>` : '') +
            `<article class="letter">${view.letterHtml}</article>` +
            `<div class="answers">` +
            `<form method="post" action="${action('accept')}">${token}<h2>Accept</h2><p>Accepting tells ${escape(view.organization)} you take this offer.</p>` +
            `<button type="submit" class="accept">Accept the offer</button></form>` +
            `<form method="post" action="${action('decline')}">${token}<h2>Decline</h2>` +
            `<p><label for="reason">If you like, tell us why (optional)</label></p>` +
            `<textarea id="reason" name="reason" maxlength="${MAX_DECLINE_REASON}">${escape(view.reason ?? '')}</textarea>` +
            `<p><button type="submit" class="decline">Decline the offer</button></p></form>` +
            `</div>`,
        ),
      };
    }
    default: {
      const { organization, jobTitle, at, justNow } = view;
      const when = at ? ` on ${escape(at)}` : '';
      const job = escape(jobTitle);
      const org = escape(organization);
      const sentences: Record<typeof view.kind, [string, string]> = {
        accepted: justNow
          ? ['Thank you: you accepted the offer', `You accepted the offer for ${job}. ${org} will be in touch about your first day.`]
          : ['You already accepted this offer', `You accepted the offer for ${job}${when}. There is nothing more to do here.`],
        declined: justNow
          ? ['You declined the offer', `You declined the offer for ${job}. Thank you for letting ${org} know.`]
          : ['You already declined this offer', `You declined the offer for ${job}${when}. If you have changed your mind, reply to the offer email.`],
        withdrawn: ['This offer was withdrawn', `${org} withdrew the offer for ${job}${when}. If you have questions, reply to the offer email.`],
        expired: ['This offer has expired', `The offer for ${job} expired${when}. If you are still interested, reply to the offer email.`],
        unavailable: [
          'This offer cannot be answered here any more',
          `The offer for ${job} can no longer be answered online. Please reply to the offer email and ${org} will help.`,
        ],
      };
      const [title, sentence] = sentences[view.kind];
      return { status: 200, html: page(title, `<h1>${escape(title)}</h1><p>${sentence}</p>`) };
    }
  }
}
