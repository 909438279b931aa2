//! Sharing steps 1 to 3 between the stemmed and the folded field.
//!
//! A document's title and body are analysed twice: by the index analyzer for `title` and
//! `body`, then by the folded index analyzer for `folded`. Both start with the same steps
//! (split, lowercase, fold, with alternatives), and the folded index analyzer's tokens are
//! exactly the index analyzer's tokens after step 3. Splitting on Unicode word boundaries is the
//! dearest part of analysis, so the index analyzer writes down what step 3 gave
//! ([`Record`]), in a per-thread memo of the last [`MEMO_TEXTS`] texts, and the folded
//! analyzer replays it ([`Replay`]) when it is asked for the same text, compared byte for
//! byte. tantivy indexes the fields of a document one after the other on one thread (title,
//! body, then folded), so the memo is always warm when it can help; when it cannot (another
//! text, or a stream the index analyzer left unfinished) the folded analyzer runs its own
//! steps, and its output is the same either way.

use std::cell::RefCell;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// How many texts the memo remembers per thread: a title and a body.
pub const MEMO_TEXTS: usize = 2;

#[derive(Default)]
struct Entry {
    text: String,
    /// The tokens after step 3; the first `len` are current.
    tokens: Vec<Token>,
    len: usize,
    /// Whether the stream was read to its end (only then are the tokens complete).
    complete: bool,
}

#[derive(Default)]
struct Memo {
    entries: [Entry; MEMO_TEXTS],
    /// The entry written last.
    last: usize,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Writes down every token of the stream it follows, for [`Replay`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Record;

impl TokenFilter for Record {
    type Tokenizer<T: Tokenizer> = RecordTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RecordTokenizer<T> {
        RecordTokenizer { inner: tokenizer }
    }
}

/// The tokenizer produced by [`Record`].
#[derive(Clone, Debug)]
pub struct RecordTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for RecordTokenizer<T> {
    type TokenStream<'a> = RecordStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MEMO.with_borrow_mut(|memo| {
            memo.last = (memo.last + 1) % MEMO_TEXTS;
            let entry = &mut memo.entries[memo.last];
            entry.text.clear();
            entry.text.push_str(text);
            entry.len = 0;
            entry.complete = false;
        });
        RecordStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream produced by [`RecordTokenizer`].
pub struct RecordStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for RecordStream<S> {
    fn advance(&mut self) -> bool {
        let more = self.tail.advance();
        let token = more.then(|| self.tail.token());
        MEMO.with_borrow_mut(|memo| {
            let last = memo.last;
            let entry = &mut memo.entries[last];
            match token {
                None => entry.complete = true,
                Some(token) => {
                    if entry.len == entry.tokens.len() {
                        entry.tokens.push(Token::default());
                    }
                    let copy = &mut entry.tokens[entry.len];
                    copy.offset_from = token.offset_from;
                    copy.offset_to = token.offset_to;
                    copy.position = token.position;
                    copy.position_length = token.position_length;
                    copy.text.clear();
                    copy.text.push_str(&token.text);
                    entry.len += 1;
                }
            }
        });
        more
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Runs `inner` (steps 1 to 3, with alternatives) on a text, unless the memo holds the
/// complete output of [`Record`] for the same text: then that is replayed.
#[derive(Clone, Debug)]
pub struct Replay<T> {
    inner: T,
    tokens: Vec<Token>,
    len: usize,
}

impl<T> Replay<T> {
    /// Replays the memo in front of `inner`.
    pub fn new(inner: T) -> Self {
        Replay {
            inner,
            tokens: Vec::new(),
            len: 0,
        }
    }

    /// Moves the memo's tokens for `text` into `self.tokens`, if it has them.
    fn take(&mut self, text: &str) -> bool {
        MEMO.with_borrow_mut(|memo| {
            let Some(entry) = memo
                .entries
                .iter_mut()
                .find(|e| e.complete && e.text == text)
            else {
                return false;
            };
            // Swap buffers: the memo gets ours back to refill, no token is copied.
            std::mem::swap(&mut entry.tokens, &mut self.tokens);
            self.len = entry.len;
            entry.len = 0;
            entry.complete = false;
            entry.text.clear();
            true
        })
    }
}

impl<T: Tokenizer> Tokenizer for Replay<T> {
    type TokenStream<'a> = ReplayStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.take(text) {
            ReplayStream::Memo {
                tokens: &mut self.tokens[..self.len],
                next: 0,
            }
        } else {
            ReplayStream::Run(self.inner.token_stream(text))
        }
    }
}

/// The token stream produced by [`Replay`].
pub enum ReplayStream<'a, S> {
    /// Tokens from the memo.
    Memo {
        /// The tokens.
        tokens: &'a mut [Token],
        /// One past the current token.
        next: usize,
    },
    /// The steps, run on the text.
    Run(S),
}

impl<S: TokenStream> TokenStream for ReplayStream<'_, S> {
    fn advance(&mut self) -> bool {
        match self {
            ReplayStream::Memo { tokens, next } => {
                if *next < tokens.len() {
                    *next += 1;
                    true
                } else {
                    false
                }
            }
            ReplayStream::Run(s) => s.advance(),
        }
    }

    fn token(&self) -> &Token {
        match self {
            ReplayStream::Memo { tokens, next } => &tokens[*next - 1],
            ReplayStream::Run(s) => s.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            ReplayStream::Memo { tokens, next } => &mut tokens[*next - 1],
            ReplayStream::Run(s) => s.token_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{folded_index_analyzer, index_analyzer, AnalyzerBuilder};
    use tantivy::tokenizer::{TextAnalyzer, TokenStream};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize, usize, String)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
        }
        out
    }

    const TEXTS: &[&str] = &[
        "El ministro sirio-iraquí Al-Kazemi, en EE.UU., contó 1.200 votos.",
        "¿Dónde están las TROPAS? Acción, pingüino, año.",
        "",
        "uno dos",
    ];

    /// What the folded index analyzer gives without any memo (a fresh thread).
    fn reference(text: &str) -> Vec<(usize, usize, usize, String)> {
        let text = text.to_string();
        let mut folded = AnalyzerBuilder::folded()
            .alternatives(true)
            .memo(false)
            .build();
        std::thread::spawn(move || tokens(&mut folded, &text))
            .join()
            .unwrap()
    }

    #[test]
    fn replay_gives_what_the_folded_steps_give() {
        let mut index = index_analyzer();
        let mut folded = folded_index_analyzer();
        for (i, text) in TEXTS.iter().enumerate() {
            let title = TEXTS[(i + 1) % TEXTS.len()];
            tokens(&mut index, title);
            tokens(&mut index, text);
            assert_eq!(tokens(&mut folded, title), reference(title), "{title}");
            assert_eq!(tokens(&mut folded, text), reference(text), "{text}");
            // Replayed once; a second call runs the steps and agrees.
            assert_eq!(tokens(&mut folded, text), reference(text), "{text}");
        }
    }

    #[test]
    fn an_unfinished_stream_is_not_replayed() {
        let mut index = index_analyzer();
        let text = "Retirada de las tropas de Irak";
        {
            let mut stream = index.token_stream(text);
            stream.advance();
        }
        assert_eq!(tokens(&mut folded_index_analyzer(), text), reference(text));
    }
}
