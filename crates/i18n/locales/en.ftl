# Lupa's messages in English. Every id here is also in es.ftl, with the same
# variables (a test checks both). Terms: "index" (the folder Lupa writes), "folder"
# (the user's articles), "document" (what a search finds).

## The command line: help

cmd-lupa = Full-text search for Spanish text
cmd-lupa-long =
    Full-text search for Spanish text.

    Index a folder with `lupa index DIR`, then search it with `lupa search QUERY`. The index lives in `.lupa` in the current folder (or the nearest parent folder that has one) unless `--index` or `LUPA_INDEX` says otherwise. Messages are in Spanish or English, as the locale says (LC_ALL, LC_MESSAGES, LANG) or `--lang` forces.
cmd-index = Build the index of a folder, or bring it up to date
cmd-search = Search the index and print ranked results
cmd-explain = Show how a query is parsed and analyzed
cmd-analyze = Show the tokens the Spanish analyzer makes of a text
cmd-stats = Show figures about the index
cmd-serve = Serve a search page and a JSON API over HTTP
cmd-eval = Measure relevance: run a topics file and score it against relevance judgments
cmd-completions = Print a shell completion script
cmd-man = Print the manual page (roff)
cmd-help = Print this message or the help of the given command

help-usage = Usage
help-options = Options
help-arguments = Arguments
help-commands = Commands
help-default = default
help-values = values
help-env = environment
help-more = For more information, try `{ $help }`.

arg-help = Print help
arg-version = Print version
arg-index = Index folder [default: `.lupa` in the current folder or the nearest parent that has one]
arg-color = When to use colours (also off when NO_COLOR is set)
arg-lang = Language of the messages: es (Spanish) or en (English) [default: from the locale]
arg-subcommand = The command whose help to print
arg-index-dir = The folder of articles to index
arg-rebuild = Build the index again from scratch, beside the old one, which is replaced only once the new one is complete
arg-verbose = List the skipped files with their reasons
arg-max-file-size = Skip files larger than this many bytes [default: 64 MiB]
arg-serve-max-file-size = With --dir: skip files larger than this many bytes [default: 64 MiB]
arg-commit-every = Commit after this many changed files, so an interrupted run keeps its work
arg-follow = Follow symbolic links whose target lies inside the folder (none are followed otherwise)
arg-follow-outside = With --follow, also follow links that lead outside the folder
arg-watch = Keep watching the folder and sync each change, until Ctrl-C
arg-index-cluster = Then push the index to this Sphinx or Manticore cluster: sphinx://HOST:PORT[|MIRROR:PORT][,HOST:PORT…]/INDEX (see docs/CLUSTER.md)
arg-serve-dir = Sync this folder's index first and keep it in sync while serving; the index defaults to DIR/.lupa
arg-bind = Address and port to listen on; 0.0.0.0:PORT opens it to other machines
arg-serve-threads = Searches that run at once (0: one per core)
arg-serve-cluster = Search this Sphinx or Manticore cluster, pushed with `lupa index --cluster`, instead of the index; the index still gives the documents, the figures and the vocabulary for prefixes and typos
arg-time-budget-ms = How long one search may wait and run before it is answered with 503
arg-synonyms = Synonyms file: one group per line, entries separated by commas [default: synonyms.txt in the index folder if present, else Lupa's Spanish list]
arg-no-synonyms = Search without synonyms
arg-no-related = Search without the words the thesaurus relates to the query's words (faster for long batches of questions)
arg-search-query = The query (see the query syntax in the README); `-` reads it from standard input
arg-limit = How many results to print
arg-offset = How many of the best results to skip
arg-search-json = Print one JSON object instead of text
arg-search-cluster = Search this Sphinx or Manticore cluster, pushed with `lupa index --cluster`; the local index still expands prefixes and typos
arg-all = Words side by side must all match
arg-any = Any of the words side by side may match (the default)
arg-lenient = Search what can be made of a query that does not parse, instead of failing
arg-search-queries = Run every query of a file of `qid<TAB>query` lines
arg-format = Output format for --queries: trec (`qid Q0 path rank score lupa` lines) or json (one object per query and line)
arg-search-threads = Threads that run --queries (0: one per core); the output is the same
arg-search-dir = Sync this folder's index first (fast when nothing changed); the index defaults to DIR/.lupa
arg-sort = Order of the results: score (best first), -date (newest first) or date (oldest first); undated documents come last
arg-since = Only documents dated DATE or later (2021, 2021-07, 2021-07-26, 26/07/2021)
arg-until = Only documents dated DATE or earlier (2021 means up to 2021-12-31)
arg-facets = Count the matching documents by source and/or year: `--facets source,year`
arg-explain-query = The query
arg-json = Print JSON
arg-text = The text
arg-shell = The shell
arg-eval-queries = Topics: `qid<TAB>query` lines (blank and `#` lines skipped)
arg-qrels = Relevance judgments: TREC `qid 0 docid grade` or `qid<TAB>docid[,docid…]` lines
arg-eval-json = Print the figures as one JSON object
arg-per-query = Write each query's measures to FILE (TSV with a header line)
arg-run = Write the rankings to FILE as a TREC run (`qid Q0 docid rank score lupa`)

# The placeholders of values in the usage and help (`--index <PATH>`).
value-addr-port = ADDR:PORT
value-bytes = BYTES
value-date = DATE
value-dir = DIR
value-file = FILE
value-files = FILES
value-lang = LANG
value-list = LIST
value-ms = MS
value-n = N
value-url = URL
value-order = ORDER
value-path = PATH
value-when = WHEN
value-tsv = TSV
value-query = QUERY
value-text = TEXT
value-shell = SHELL
value-limit = LIMIT
value-offset = OFFSET
value-format = FORMAT
value-command = COMMAND
value-subcommand = COMMAND

man-name = NAME
man-synopsis = SYNOPSIS
man-description = DESCRIPTION
man-options = OPTIONS
man-commands = SUBCOMMANDS
man-version = VERSION
man-authors = AUTHORS
man-extra = EXTRA

## The command line: what goes wrong with the arguments

clap-error = error:
clap-unknown-argument = unexpected argument `{ $arg }`
clap-similar = a similar one exists: `{ $similar }`
clap-invalid-subcommand = unknown command `{ $arg }`
clap-invalid-value = invalid value `{ $value }` for `{ $arg }`
clap-valid-values = possible values: { $values }
clap-missing-value = `{ $arg }` needs a value
clap-missing-required = these arguments are needed: { $arg }
clap-conflict = `{ $arg }` cannot be used with `{ $other }`
clap-bad-value = invalid value `{ $value }` for `{ $arg }`: { $reason }
clap-too-many = unexpected value `{ $value }` for `{ $arg }`
clap-missing-command = `lupa` needs a command
clap-other = the arguments cannot be read ({ $reason })
sort-expected = expected score, date (oldest first) or -date (newest first)
facet-expected = expected source or year
lang-expected = expected es or en
date-expected-one = expected one date, such as 2021-07-26

## The command line: indexing

progress-files = files
progress-committing = committing
summary = { $dir }: { $added } added, { $updated } updated, { $removed } removed, { $unchanged } unchanged, { $skipped } skipped ({ $documents } documents written) in { $seconds } s; index { $index }
warnings-summary = { $count ->
    [one] 1 warning: part of a file left out or a date ignored; --verbose lists it
   *[other] { $count } warnings: parts of files left out or dates ignored; --verbose lists them
}
too-large = { $count ->
    [one] 1 file larger than the limit of { $limit } was left out: { $names }; `--max-file-size { $largest }` includes it
   *[other] { $count } files larger than the limit of { $limit } were left out: { $names }; `--max-file-size { $largest }` includes them
}
and-more = and { $count } more
skipped-line = skipped { $what }
warning-line = warning { $what }
pushed = { $cluster }: { $written } passages written, { $deleted } deleted, { $unchanged } unchanged; the nodes' statistics are in { $idf } (each node's global_idf file: copy it there and restart the node)
cluster-no-sort-or-facets = a search on a cluster ranks by score and counts no facets: leave out --sort and --facets
watching = watching { $dir } for changes (Ctrl-C stops)
sync-failed = sync failed, trying again: { $reason }
serving = Lupa is serving { $index } at { $url } (Ctrl-C stops)

## The command line: searching

no-results = No results for { $query }
did-you-mean = Did you mean: { $suggestion }?
hit-score = score { $score }
date-from-file = { $date } (file)
results-range = { $first }–{ $last } of { $total ->
    [one] { $total } result
   *[other] { $total } results
}
facet-source = source
facet-year = year
facet-none = (none)
cannot-read-query = cannot read the query from standard input
cannot-read-queries = cannot read the queries file { $path }
query-failed = { $file }: line { $line }, query { $qid }: { $error }

## The command line: analyze, explain, stats, eval

analyze-position = position
analyze-original = original
analyze-indexed = indexed
stop-word = (stop word)
explain-query = query
explain-parsed = parsed
explain-word = word
explain-phrase = phrase
explain-prefix = prefix
explain-fuzzy = fuzzy
explain-in-documents = { $count ->
    [one] in 1 document
   *[other] in { $count } documents
}
explain-note-prefix = unstemmed words starting with the last term, at most { $max } of them
explain-note-fuzzy = { $distance ->
    [one] unstemmed words within 1 edit
   *[other] unstemmed words within { $distance } edits
}
explain-note-tokens = several tokens: searched as a phrase
explain-note-stop-word = stop word: ignored outside phrases
explain-note-slop = { $slop ->
    [one] words may be up to 1 move apart
   *[other] words may be up to { $slop } moves apart
}
explain-typo = in no document, closest word
explain-name = name, also its closest spelling
explain-related = related words (thesaurus)
explain-synonyms = synonyms
matching-documents = { $count ->
    [one] 1 matching document
   *[other] { $count } matching documents
}
stats-index = index
stats-folder = folder
stats-none-yet = (none yet)
stats-documents = documents
stats-files = files
stats-terms = terms
stats-size = size
stats-segments = segments
stats-dates = dates
stats-date-range = { $first } to { $last }
stats-last-sync = last sync
stats-never = never
stats-analyzer = analyzer
stats-analyzer-version = version { $version }
eval-queries = queries
eval-queries-judged = { $count } with a relevant document
eval-failed = failed
eval-unanswered = unanswered
eval-wall-time = wall time
eval-wall = { $seconds } s for { $count } queries ({ $each } ms each)
eval-no-relevant = { $path }: no query has a relevant document (a grade of 1 or more)
cannot-write = cannot write { $path }

## Errors

error-prefix = lupa:
caused-by = caused by: { $cause }
hint-line = hint: { $hint }
internal-error = internal error: { $what }
report-bug = this is a bug; please report it with the command you ran
not-a-folder = not a folder
error-only-stop-words = the query `{ $query }` contains only stop words (such as `de`, `la`, `y`); add a content word or quote it as a phrase
error-index-not-found = no index at { $path }: create one with `lupa index <FOLDER>`
error-incompatible-version = the index at { $path } was built with analyzer version { $found }, this Lupa uses version { $expected }: rebuild it with `lupa index --rebuild <FOLDER>`
error-foreign-folder = { $path } is not empty and is not a Lupa index (it holds { $entries }); Lupa writes an index only into a new or empty folder, and never deletes files it did not write: choose another index folder (`--index PATH`)
error-index-exists = there is already an index at { $path }: update it with `lupa index <FOLDER>`, or replace it with `lupa index --rebuild <FOLDER>`
index-state = the index is unchanged at its last commit
index-state-counted = the index is unchanged at its last commit ({ $documents } documents)
error-write-full = no space left on device while writing the index at { $path }; { $state }; free space and run `lupa index` again
error-write-permission = permission denied while writing the index at { $path }; { $state }; make the folder writable for this user, or index into another folder (`--index PATH`)
error-write-read-only = the index at { $path } is on a read-only file system; { $state } and can still be searched; to update it, index into a writable folder (`--index PATH`)
error-write-other = writing the index at { $path } failed; { $state }; run `lupa index` again (the next run removes what this one left half-written)
error-locked = the index at { $path } is locked by another writer (lock file { $lock }); wait for the other `lupa index` to finish
error-corrupt = the index at { $path } is damaged ({ $reason }): rebuild it with `lupa index --rebuild <FOLDER>`
error-bad-folder = cannot index { $path }: { $reason }
error-io = { $path }: { $reason }
error-engine = search engine error: { $reason }

query-unclosed-quote = unclosed quote
query-unclosed-quote-hint = close the quote opened here
query-unbalanced-open = unclosed `(`
query-unbalanced-open-hint = close the group opened here with `)`
query-unbalanced-close = unbalanced `)`: no group is open
query-unbalanced-close-hint = remove it, or open the group with `(`
query-missing-operand = `{ $span }` has nothing to apply to
query-missing-operand-hint = put a word beside `{ $span }`, or remove it
query-empty = empty query: nothing to search for
query-empty-hint = type a word or a quoted phrase
query-empty-group = empty group
query-empty-group-hint = put something between the parentheses, or remove them
query-empty-phrase = empty phrase
query-empty-phrase-hint = put some words between the quotes, or remove them
query-bad-number = `{ $span }` is not a number that can follow `~`
query-bad-number-hint = `word~1` or `word~2` for words spelt alike (at most 2 edits); `"phrase"~3` for words close together
query-dangling-escape = a `\` at the end escapes nothing
query-dangling-escape-hint = write `\\` to search for a backslash
query-too-deep = the query nests too many levels
query-too-deep-hint = remove some parentheses, `NOT`s or field scopes
query-too-long = the query is too long ({ $chars } characters)
query-too-long-hint = shorten it
query-bad-date = `{ $span }` is not a date
query-bad-date-hint = write a date such as `2021`, `2021-07`, `2021-07-26` or `26/07/2021`, a bound such as `>=2021-07-01`, or a range such as `[2021-01-01 TO 2021-06-30]`
query-unknown-field = `{ $span }` is not a field, so it is searched as part of a word
query-unknown-field-hint = did you mean the field `{ $known }`?

skip-binary = binary file (not text)
skip-undecodable = cannot decode the text (invalid bytes for its encoding)
skip-too-large = file too large ({ $size } bytes, the limit is { $limit } bytes)
skip-unreadable = cannot read: { $reason }
skip-vanished = file vanished before it could be read
skip-bad-line = line { $line }: { $reason }
skip-bad-date = unreadable date { $value } ignored
skip-bad-date-line = line { $line }: unreadable date { $value } ignored
skip-damaged = not a readable { $format } file: { $reason }
skip-no-text-layer = no text layer (a scanned PDF without recognised text)
skip-encrypted = encrypted (protected by a password)
skip-empty = no text to index (empty file)
skip-symlink-loop = symbolic link loop (leads back to { $ancestor })
skip-symlink-not-followed = symbolic link, not followed (`--follow` follows links that stay inside the folder)
skip-outside-folder = symbolic link outside the folder, not followed (`--follow-outside` follows it)
skip-broken-symlink = broken symbolic link
skip-not-regular = not a regular file
skip-path-collision = another file name shows as the same path (names that are not valid UTF-8)

## The search page of `lupa serve`

page-skip = Skip to the content
page-search = Search
page-placeholder = Search the documents
page-all-words = All the words
page-syntax = Syntax:
page-syntax-title = title:irak
page-api = JSON API
page-documents = { $count ->
    [one] { $shown } document in the index.
   *[other] { $shown } documents in the index.
}
page-intro = Type words or a question; accents, capitals and the forms of words do not matter (“retirar” finds “retirada”).
page-no-results = No results for “{ $query }”.
page-no-more = No more results: { $total } in all.
page-range = { $first }–{ $last } of { $total } { $count ->
    [one] result
   *[other] results
}
page-did-you-mean = Did you mean:
page-did-you-mean-end = ?
page-pages = Result pages
page-previous = ← Previous
page-next = Next →
page-page-of = Page { $current } of { $pages }
page-months = Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
page-date-from-file = { $date } (date of the file)
page-invalid-title = Invalid query
page-invalid = The query is not valid
page-where = Where the problem is
page-hint = Hint:
page-too-long = The query is { $chars } characters long; the most is { $max }.
page-too-long-hint = shorten it.
page-too-many-expansions = The query has { $found } words with a wildcard or a tilde (such as “retir*” or “Irak~1”); the most is { $max }.
page-too-many-expansions-hint = remove some.
page-only-stop-words = The query has only stop words, such as “de”, “la” or “y”.
page-only-stop-words-hint = add a word with content, or put the words in quotes to search them as a phrase.
page-bad-address = The address is not valid: { $reason }.
page-not-found-title = Not found
page-not-found = There is no document or page at this address.
page-busy-title = Server busy
page-busy = Too many searches are waiting; try again in a moment.
page-slow-title = Search too slow
page-slow = The search did not end within { $seconds } s; simplify the query.
page-internal-title = Server error
page-internal = Something failed while searching: { $reason }
page-back = Back to the search
page-back-to-search = ← Back to the search
page-back-to-results = ← Back to the results for “{ $query }”
page-matches = { $count ->
    [one] { $shown } match
   *[other] { $shown } matches
}
page-first-match = Go to the first
