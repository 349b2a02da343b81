import * as assert from 'node:assert/strict';
import { escapeIcons, notificationText, pickText, visibleLine, visibleText } from '../../../src/model/text';

describe('model/text', () => {
  describe('visibleText', () => {
    it('shows bidi controls as escapes, so a reversed name cannot pass for another', () => {
      assert.equal(visibleText('invoice\u202Eexe.gpj'), 'invoice\\u202Eexe.gpj');
      for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c]) {
        const hex = cp.toString(16).toUpperCase().padStart(4, '0');
        assert.equal(visibleText(`a${String.fromCodePoint(cp)}b`), `a\\u${hex}b`);
      }
    });

    it('shows zero-width and other format characters', () => {
      assert.equal(visibleText('ad\u200Bmin'), 'ad\\u200Bmin');
      assert.equal(visibleText('\u200C\u200D\u2060\uFEFF\u00AD\u180E'), '\\u200C\\u200D\\u2060\\uFEFF\\u00AD\\u180E');
    });

    it('shows C0 and C1 controls and DEL, but keeps tab, line feed and carriage return', () => {
      assert.equal(visibleText('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Bg'), 'a\\u0000b\\u0007c\\u001Bd\\u007Fe\\u0085f\\u009Bg');
      assert.equal(visibleText('line 1\nline 2\r\n\tindented'), 'line 1\nline 2\r\n\tindented');
      assert.equal(visibleText('a\u000Bb\u000Cc'), 'a\\u000Bb\\u000Cc');
    });

    it('escapes astral format characters by code point (tag characters, musical format)', () => {
      assert.equal(visibleText('x\u{E0001}\u{E0041}y'), 'x\\u{E0001}\\u{E0041}y');
      assert.equal(visibleText('\u{1D173}'), '\\u{1D173}');
    });

    it('leaves ordinary text of any script intact, astral characters and surrogate pairs included', () => {
      for (const text of ['Überprüfung', 'ÅÄÖ åäö ß', '日本語のイメージ', '한국어', 'العربية', 'עברית', 'Ελληνικά', 'emoji 😀🚀', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𠀋 CJK ext B', 'plain ascii: ~!@#$%^&*()', 'é (e + combining) é']) {
        assert.equal(visibleText(text), text, text);
      }
      const pair = '\uD83D\uDE00';
      assert.equal(visibleText(pair), pair);
      assert.equal([...visibleText(`a${pair}b`)].length, 3);
    });

    it('shows lone surrogate halves', () => {
      assert.equal(visibleText('a\uD83Db'), 'a\\uD83Db');
      assert.equal(visibleText('a\uDE00'), 'a\\uDE00');
    });

    it('is idempotent and leaves text that only looks like an escape alone', () => {
      const once = visibleText('\u202Eabc\u200B');
      assert.equal(visibleText(once), once);
      assert.equal(visibleText('literal \\u202E'), 'literal \\u202E');
    });
  });

  describe('visibleLine', () => {
    it('collapses white space like oneLine, after escaping', () => {
      assert.equal(visibleLine('  a\n\tb  \u202E c \r\n'), 'a b \\u202E c');
      // U+FEFF and U+2028 count as white space to JavaScript: they are escaped, not swallowed.
      assert.equal(visibleLine('a\uFEFFb'), 'a\\uFEFFb');
      assert.equal(visibleLine('a\u2028b\u2029c'), 'a b c');
    });
  });

  describe('escapeIcons', () => {
    it('puts a backslash before icon syntax, as VS Code escapes it', () => {
      assert.equal(escapeIcons('$(verified) Official'), '\\$(verified) Official');
      assert.equal(escapeIcons('a $(check) b $(sync~spin)'), 'a \\$(check) b \\$(sync~spin)');
      assert.equal(escapeIcons('$(shield-check)'), '\\$(shield-check)');
    });

    it('leaves escaped icons, and text that is no icon syntax, alone', () => {
      assert.equal(escapeIcons('\\$(verified)'), '\\$(verified)');
      assert.equal(escapeIcons(escapeIcons('$(verified)')), '\\$(verified)');
      for (const text of ['price $(5 USD)', '$()', '$ (x)', 'cost: $10', '(verified)']) assert.equal(escapeIcons(text), text);
    });
  });

  describe('pickText', () => {
    it('is one visible line that draws no icon', () => {
      assert.equal(pickText('$(verified)\u202E Amazon\nLinux'), '\\$(verified)\\u202E Amazon Linux');
      assert.equal(pickText('Überprüfung 日本'), 'Überprüfung 日本');
    });
  });

  describe('notificationText', () => {
    it('keeps a notification link-free: [label](target) loses its link syntax, the text stays readable', () => {
      assert.equal(notificationText('Failed: [click me](command:workbench.action.terminal.new) now'), 'Failed: [click me] (command:workbench.action.terminal.new) now');
      assert.equal(notificationText('[a](https://evil.example)\n[b]  (file:///etc/passwd)'), '[a] (https://evil.example) [b] (file:///etc/passwd)');
      assert.doesNotMatch(notificationText('x[y](command:z)\u202E'), /\]\(/);
      assert.equal(notificationText('ami-0123 in us-east-1 (not found)'), 'ami-0123 in us-east-1 (not found)');
    });
  });
});
