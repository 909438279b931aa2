//! The glue between a normalization step and tantivy: [`Step`] turns any [`Normalizer`] (or
//! any [`TokenRewrite`], which may keep state such as a cache) into a [`TokenFilter`] that
//! rewrites the text of every token and leaves offsets and positions alone.

use std::mem;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// One normalization step: a pure function from a token's text to its new text.
pub trait Normalizer: Clone + Send + Sync + 'static {
    /// Writes the normalized form of `input` into `output` (cleared first) and returns `true`,
    /// or returns `false` without touching `output` when `input` is already normal.
    fn normalize(&self, input: &str, output: &mut String) -> bool;

    /// The normalized form of `input`, for tests and one-off calls.
    fn apply(&self, input: &str) -> String {
        let mut out = String::new();
        if self.normalize(input, &mut out) {
            out
        } else {
            input.to_string()
        }
    }
}

/// A rewrite of a token's text that may update state of its own (the stem cache does).
/// Every [`Normalizer`] is one.
pub trait TokenRewrite: Clone + Send + Sync + 'static {
    /// Writes the new text of `input` into `output` and returns `true`, or returns `false`
    /// when the text stays as it is.
    fn rewrite(&mut self, input: &str, output: &mut String) -> bool;
}

impl<N: Normalizer> TokenRewrite for N {
    fn rewrite(&mut self, input: &str, output: &mut String) -> bool {
        self.normalize(input, output)
    }
}

/// Runs a [`TokenRewrite`] (usually a [`Normalizer`]) on every token of a tantivy token
/// stream.
#[derive(Clone, Debug, Default)]
pub struct Step<N>(pub N);

impl<N: TokenRewrite> TokenFilter for Step<N> {
    type Tokenizer<T: Tokenizer> = StepTokenizer<T, N>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StepTokenizer<T, N> {
        StepTokenizer {
            inner: tokenizer,
            step: self.0,
            buffer: String::new(),
        }
    }
}

/// The tokenizer produced by [`Step`]: the wrapped tokenizer followed by the step.
#[derive(Clone, Debug)]
pub struct StepTokenizer<T, N> {
    inner: T,
    step: N,
    buffer: String,
}

impl<T: Tokenizer, N: TokenRewrite> Tokenizer for StepTokenizer<T, N> {
    type TokenStream<'a> = StepStream<'a, T::TokenStream<'a>, N>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StepStream {
            tail: self.inner.token_stream(text),
            step: &mut self.step,
            buffer: &mut self.buffer,
        }
    }
}

/// The token stream produced by [`StepTokenizer`].
pub struct StepStream<'a, S, N> {
    tail: S,
    step: &'a mut N,
    buffer: &'a mut String,
}

impl<S: TokenStream, N: TokenRewrite> TokenStream for StepStream<'_, S, N> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if self.step.rewrite(&token.text, self.buffer) {
            mem::swap(&mut token.text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
