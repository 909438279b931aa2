//! Assembles the text left once markup is removed: words, spaces and line breaks.

/// Builds text from pieces, as a browser lays out flowing text: runs of whitespace
/// become one space, breaks between blocks become one or two line feeds, and nothing
/// dangles at the start or the end.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    out: String,
    space: bool,
    breaks: usize,
}

impl TextBuilder {
    /// Flowing text: whitespace runs collapse to one space.
    pub(crate) fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                self.flush();
                self.out.push(c);
            }
        }
    }

    /// Preformatted text, kept as it is.
    pub(crate) fn raw(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.flush();
        self.out.push_str(text);
    }

    /// A space before the next piece of text, unless a break comes first.
    pub(crate) fn space(&mut self) {
        self.space = true;
    }

    /// At least `lines` line feeds before the next piece of text (1: new line,
    /// 2: new paragraph).
    pub(crate) fn line_break(&mut self, lines: usize) {
        self.breaks = self.breaks.max(lines);
    }

    /// The text so far (pending spaces and breaks not included).
    pub(crate) fn as_str(&self) -> &str {
        &self.out
    }

    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// The finished text, without trailing whitespace.
    pub(crate) fn finish(mut self) -> String {
        let end = self.out.trim_end().len();
        self.out.truncate(end);
        self.out
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            let have = self.out.len() - self.out.trim_end_matches('\n').len();
            if self.breaks > have {
                let end = self.out.trim_end_matches([' ', '\t']).len();
                self.out.truncate(end);
                let have = self.out.len() - self.out.trim_end_matches('\n').len();
                for _ in have..self.breaks {
                    self.out.push('\n');
                }
            } else if self.breaks == 0 && self.space && !self.out.ends_with(char::is_whitespace) {
                self.out.push(' ');
            }
        }
        self.space = false;
        self.breaks = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_and_breaks() {
        let mut b = TextBuilder::default();
        b.line_break(2);
        b.text("  Hola \n  mundo ");
        b.line_break(1);
        b.line_break(2);
        b.text("otro");
        b.space();
        b.text("párrafo");
        b.line_break(1);
        b.raw("  código\n");
        b.line_break(2);
        b.text("fin");
        b.line_break(2);
        assert_eq!(b.finish(), "Hola mundo\n\notro párrafo\n  código\n\nfin");
    }
}
