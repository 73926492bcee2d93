import { createHash } from 'node:crypto';

/**
 * The careers pages' stylesheet, served as a file (`GET /careers/assets/careers.css`, cached) rather than inlined.
 * The organization's accent colour arrives as the `--accent` custom property on the page's root element.
 */
export const CAREERS_CSS = `:root{--accent:#1f5fbf;--text:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--danger:#b42318}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.6;color:var(--text);background:#fff}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,.error-summary:focus{outline:3px solid var(--accent);outline-offset:2px}
.site-header{border-bottom:4px solid var(--accent);background:#fff}
.site-header .inner{display:flex;align-items:center;gap:.75rem;min-height:4rem}
.site-header img{max-height:2.5rem;max-width:10rem;object-fit:contain}
.site-header .org{font-weight:700;font-size:1.15rem;color:var(--text);text-decoration:none}
.inner{max-width:60rem;margin:0 auto;padding:0 1rem}
main{padding:1.5rem 0 3rem}
h1{font-size:clamp(1.6rem,4vw,2.2rem);line-height:1.2;margin:.5rem 0}
h2{font-size:1.3rem;margin-top:2rem}
.meta{color:var(--muted);font-size:.95rem;margin:.25rem 0}
.button{display:inline-block;background:var(--accent);color:#fff;border:0;border-radius:.4rem;padding:.65rem 1.4rem;font-size:1rem;font-weight:600;text-decoration:none;cursor:pointer}
.button:hover{filter:brightness(1.1)}
.job-head{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;justify-content:space-between;padding-bottom:1rem;border-bottom:1px solid var(--line)}
.pay{background:var(--bg);border-left:4px solid var(--accent);padding:.5rem .75rem;margin:1rem 0}
.description{max-width:44rem}
form.filters{display:flex;gap:.75rem;flex-wrap:wrap;align-items:flex-end;margin:1rem 0;padding:.75rem;background:var(--bg);border-radius:.5rem}
form.filters label{display:flex;flex-direction:column;font-size:.9rem;font-weight:600}
select,input,textarea{font:inherit;padding:.45rem .55rem;border:1px solid #8c959f;border-radius:.35rem;background:#fff;color:var(--text)}
ul.jobs{list-style:none;padding:0;margin:0}
ul.jobs li{padding:1rem 0;border-bottom:1px solid var(--line)}
ul.jobs a{font-size:1.1rem;font-weight:600;text-decoration:none}
ul.jobs a:hover{text-decoration:underline}
.apply-box{margin-top:2rem;padding:1.25rem;border:1px solid var(--line);border-radius:.5rem;background:var(--bg);max-width:44rem}
form.apply .field{margin:0 0 1rem}
form.apply label{display:block;font-weight:600;margin-bottom:.25rem}
form.apply input[type=text],form.apply input[type=email],form.apply input[type=tel],form.apply textarea{width:100%}
form.apply input[type=file]{max-width:100%;width:100%}
form.apply .hint{display:block;color:var(--muted);font-size:.9rem;font-weight:400}
form.apply fieldset{border:1px solid var(--line);border-radius:.5rem;padding:.5rem 1rem .75rem}
form.apply legend{font-weight:600;padding:0 .25rem}
form.apply legend .hint{display:inline}
form.apply label.choice{font-weight:400;margin:.25rem 0}
.survey{border-top:1px solid var(--line);margin-top:1.5rem;padding-top:.5rem}
.req{color:var(--danger);margin-left:.15rem}
.field-error{display:block;color:var(--danger);font-weight:600;margin:.15rem 0 .25rem}
[aria-invalid=true]{border:2px solid var(--danger)}
.error-summary{border:3px solid var(--danger);border-radius:.5rem;padding:1rem 1.25rem;margin:0 0 1.5rem;background:#fff}
.error-summary h2{margin:0 0 .5rem;font-size:1.2rem}
.error-summary ul{margin:0;padding-left:1.2rem}
.error-summary a{color:var(--danger);font-weight:600}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;padding:1rem 0}
@media (max-width:40rem){.job-head{align-items:stretch}.job-head .button{width:100%;text-align:center}form.filters{flex-direction:column;align-items:stretch}}
`;

/** A short content hash, so the page can link a versioned URL and the stylesheet can be cached for long. */
export const CAREERS_CSS_VERSION = createHash('sha256').update(CAREERS_CSS).digest('hex').slice(0, 12);
export const CAREERS_CSS_PATH = '/careers/assets/careers.css';
