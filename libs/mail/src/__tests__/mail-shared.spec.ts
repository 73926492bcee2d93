import { htmlToText } from '../mail.shared.js';

describe('htmlToText', () => {
  it('turns a sanitised letter into paragraphs and list lines, entities decoded, tags dropped', () => {
    const html =
      '<h1>Offer: Engineer</h1>\n<p>Dear <strong>Ada</strong>,\nwelcome</p>\n<ul>\n<li>Salary: 120,000 EUR &amp; more</li>\n<li>Bonus: none</li>\n</ul>\n<p>a<br>b &#39;q&#39; &lt;b&gt;</p>';
    expect(htmlToText(html)).toBe("Offer: Engineer\n\nDear Ada, welcome\n\n- Salary: 120,000 EUR & more\n- Bonus: none\n\na\nb 'q' <b>");
  });

  it('stays linear and safe on hostile input', () => {
    expect(htmlToText('<'.repeat(100_000))).toBe('');
    expect(htmlToText('a <b unterminated')).toBe('a');
    expect(htmlToText('&#99999999;')).toBe('&#99999999;');
  });
});
