//! Field names and the index schema, in one place.
//!
//! One tantivy document is one passage. Two analyzed forms of the passage text (and of the
//! title) are separate indexed fields, exact and stem, both with positions; the third form,
//! the variant key, is read off the stem dictionary at query time. The original text is
//! stored apart.
//! Per-article bookkeeping for re-indexing (hash, size, mtime) sits in fast fields of every
//! passage, so a rerun reads it from columns without touching the document store.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};

use crate::analysis::tantivy_glue::Form;

/// Field names.
pub mod names {
    /// Article id (raw string; deletes and grouping).
    pub const ARTICLE_ID: &str = "article_id";
    /// Canonical file path (stored and fast; deletes go by article id).
    pub const PATH: &str = "path";
    /// Outlet, as a facet `/name`.
    pub const SOURCE: &str = "source";
    /// Publication date (day precision).
    pub const DATE: &str = "date";
    /// Article title (stored only).
    pub const TITLE: &str = "title";
    /// Passage number within the article, from 0.
    pub const PASSAGE: &str = "passage";
    /// Original passage text (stored only).
    pub const TEXT: &str = "text";
    /// Byte range of the passage in the article text.
    pub const START: &str = "start";
    /// End of that byte range.
    pub const END: &str = "end";
    /// Content hash of the article (bytes and metadata).
    pub const HASH: &str = "hash";
    /// Size of the file the article came from.
    pub const FILE_SIZE: &str = "file_size";
    /// Modification time of that file (ns since the epoch).
    pub const FILE_MTIME: &str = "file_mtime";
    /// Authors (stored only, one value each).
    pub const AUTHORS: &str = "authors";
    /// Tags (stored only, one value each).
    pub const TAGS: &str = "tags";
    /// The article's URL at its outlet (stored only).
    pub const URL: &str = "url";
    /// The story sketch of the article (passage 0 only; fast, several values).
    pub const STORY_SKETCH: &str = "story_sketch";
    /// Distinct word triples the sketch was made from (passage 0 only; fast).
    pub const STORY_SHINGLES: &str = "story_shingles";
    /// When the article first entered the index (every passage; fast). A changed
    /// article keeps it.
    pub const ADDED: &str = "added";
}

/// Handles to every field.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub article_id: Field,
    pub path: Field,
    pub source: Field,
    pub date: Field,
    pub title: Field,
    pub passage: Field,
    pub text: Field,
    pub start: Field,
    pub end: Field,
    pub hash: Field,
    pub file_size: Field,
    pub file_mtime: Field,
    pub authors: Field,
    pub tags: Field,
    pub url: Field,
    /// Passage text, one field per indexed form: exact, stem.
    pub body: [Field; 2],
    /// Title, one field per indexed form.
    pub title_forms: [Field; 2],
    /// The story sketch and its shingle count (absent from indexes built before stories).
    pub story: Option<(Field, Field)>,
    /// When the article first entered the index (absent from older indexes).
    pub added: Option<Field>,
}

/// Name of the indexed field for one form of the body or title.
pub fn form_field_name(title: bool, form: Form) -> &'static str {
    match (title, form) {
        (false, Form::Exact) => "body_exact",
        (false, Form::Stem) => "body_stem",
        (false, Form::Variant) => "body_variant",
        (true, Form::Exact) => "title_exact",
        (true, Form::Stem) => "title_stem",
        (true, Form::Variant) => "title_variant",
    }
}

/// Every form a tokenizer is registered for (an index built before variant keys were read
/// from the stem dictionary still names the variant tokenizer in its schema).
pub const FORMS: [Form; 3] = [Form::Exact, Form::Stem, Form::Variant];

/// The forms that have a field of their own, in field order. The variant key has none: a
/// query reaches the stems that share a key through the stem dictionary
/// ([`crate::analysis::variants::key_pattern`]). Its field held a term for two words in three
/// and cost 13% of indexing time, while the ranked sets and the entity sets gave the same
/// figures without it.
pub const INDEXED_FORMS: [Form; 2] = [Form::Exact, Form::Stem];

/// Builds the schema.
///
/// Date, passage number and first-indexed time are columns (fast fields), not terms: tantivy
/// runs a range query on a fast field from its column ([`lead_passages`] and the date
/// filters), so terms for them were never read, and they cost three term insertions per
/// passage.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field(names::ARTICLE_ID, STRING | STORED | FAST);
    b.add_text_field(names::PATH, STORED | FAST);
    b.add_facet_field(names::SOURCE, FacetOptions::default().set_stored());
    b.add_date_field(
        names::DATE,
        DateOptions::default().set_stored().set_fast().set_precision(DateTimePrecision::Seconds),
    );
    b.add_text_field(names::TITLE, STORED);
    b.add_u64_field(names::PASSAGE, NumericOptions::default().set_stored().set_fast());
    b.add_text_field(names::TEXT, STORED);
    b.add_u64_field(names::START, STORED);
    b.add_u64_field(names::END, STORED);
    b.add_u64_field(names::HASH, FAST);
    b.add_u64_field(names::FILE_SIZE, FAST);
    b.add_u64_field(names::FILE_MTIME, FAST);
    b.add_text_field(names::AUTHORS, STORED);
    b.add_text_field(names::TAGS, STORED);
    b.add_text_field(names::URL, STORED);
    b.add_u64_field(names::STORY_SKETCH, FAST);
    b.add_u64_field(names::STORY_SHINGLES, FAST);
    b.add_date_field(names::ADDED, DateOptions::default().set_fast().set_precision(DateTimePrecision::Seconds));
    for title in [false, true] {
        for form in INDEXED_FORMS {
            // Phrases and proximity read positions of both forms.
            let record = IndexRecordOption::WithFreqsAndPositions;
            let indexing = TextFieldIndexing::default().set_tokenizer(form.tokenizer_name()).set_index_option(record);
            b.add_text_field(form_field_name(title, form), TextOptions::default().set_indexing_options(indexing));
        }
    }
    b.build()
}

impl Fields {
    /// Resolves every field of a schema built by [`build`].
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |n: &str| schema.get_field(n);
        let forms = |title: bool| -> tantivy::Result<[Field; 2]> {
            Ok([f(form_field_name(title, Form::Exact))?, f(form_field_name(title, Form::Stem))?])
        };
        Ok(Fields {
            article_id: f(names::ARTICLE_ID)?,
            path: f(names::PATH)?,
            source: f(names::SOURCE)?,
            date: f(names::DATE)?,
            title: f(names::TITLE)?,
            passage: f(names::PASSAGE)?,
            text: f(names::TEXT)?,
            start: f(names::START)?,
            end: f(names::END)?,
            hash: f(names::HASH)?,
            file_size: f(names::FILE_SIZE)?,
            file_mtime: f(names::FILE_MTIME)?,
            authors: f(names::AUTHORS)?,
            tags: f(names::TAGS)?,
            url: f(names::URL)?,
            body: forms(false)?,
            title_forms: forms(true)?,
            story: f(names::STORY_SKETCH).ok().zip(f(names::STORY_SHINGLES).ok()),
            added: f(names::ADDED).ok(),
        })
    }
}

/// The query for every article's first passage (passage number 0), read from the passage
/// column. Works on indexes built when the passage number was also indexed.
pub fn lead_passages(fields: &Fields) -> tantivy::query::RangeQuery {
    let zero = tantivy::Term::from_field_u64(fields.passage, 0);
    tantivy::query::RangeQuery::new(std::ops::Bound::Included(zero.clone()), std::ops::Bound::Included(zero))
}
