//! Text from the change under review (function names, paths, code) made safe for each kind
//! of output. Shared by the reporters and the review, which must not depend on each other.

/// Text for a Markdown table cell: no line breaks, `|` escaped.
pub fn table_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// Inline code that survives backticks in the text.
pub fn code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("f"), "`f`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn table_cells_have_no_pipes_or_newlines() {
        assert_eq!(table_cell("a|b\nc"), "a\\|b c");
    }
}
