//! Every language at Python's quality: the same PR scenarios for JavaScript, TypeScript,
//! Go, Rust, Java, C, C++, C#, Kotlin, PHP, Ruby, Swift and Scala on real git
//! repositories in temp dirs, and their bad input.

mod common;

use common::{TestRepo, pairs};
use dedupe_check::lang::Language;

/// One language's sample repository: an existing function, copies of it in another
/// module (exact, renamed, statements edited) and an unrelated function, each a whole
/// file with the function's qualified name.
struct Sample {
    existing: (&'static str, &'static str, &'static str),
    renamed: (&'static str, &'static str, &'static str),
    edited: (&'static str, &'static str, &'static str),
    unrelated: (&'static str, &'static str, &'static str),
    /// The renamed file before the change made it a copy: the same function, different.
    stub: &'static str,
    /// A function that does not parse, appended to a file.
    broken: &'static str,
    /// A path that is test code by the language's conventions.
    test_path: &'static str,
    /// The line of the renamed copy's definition, where a suppression marker goes above.
    def_needle: &'static str,
}

const JS: Sample = Sample {
    existing: (
        "src/text.js",
        "slugify",
        r#"export function slugify(title) {
  const words = [];
  for (const word of title.toLowerCase().split(" ")) {
    const cleaned = word.replace(/[^a-z0-9]/g, "");
    if (cleaned) {
      words.push(cleaned);
    }
  }
  return words.join("-");
}
"#,
    ),
    renamed: (
        "src/urls.js",
        "makeSlug",
        r#"import { api } from "./api.js";

export const makeSlug = (text) => {
  const parts = [];
  for (const token of text.toLowerCase().split(" ")) {
    const kept = token.replace(/[^a-z0-9]/g, "");
    if (kept) {
      parts.push(kept);
    }
  }
  return parts.join("-");
};
"#,
    ),
    edited: (
        "src/pages.js",
        "helpers.pageSlug",
        r#"export const helpers = {
  pageSlug(page) {
    const parts = [];
    const title = page.title.trim();
    for (const token of title.toLowerCase().split(" ")) {
      const kept = token.replace(/[^a-z0-9]/g, "");
      if (kept.length > 0) {
        parts.push(kept);
      }
    }
    return parts.join("-");
  },
};
"#,
    ),
    unrelated: (
        "src/settings.js",
        "mergeSettings",
        r#"export function mergeSettings(defaults, overrides) {
  const merged = Object.assign({}, defaults);
  Object.keys(overrides).forEach((key) => {
    const value = overrides[key];
    merged[key] = typeof value === "object" ? mergeSettings(merged[key] || {}, value) : value;
  });
  return merged;
}
"#,
    ),
    stub: r#"import { api } from "./api.js";

export const makeSlug = (text) => {
  const url = api.slugFor(text);
  return url;
};
"#,
    broken: "\nfunction broken(a, {\n  return a +;\n}\n",
    test_path: "src/urls.test.js",
    def_needle: "export const makeSlug",
};

const TS: Sample = Sample {
    existing: (
        "src/text.ts",
        "slugify",
        r#"export function slugify(title: string): string {
  const words: string[] = [];
  for (const word of title.toLowerCase().split(" ")) {
    const cleaned = word.replace(/[^a-z0-9]/g, "");
    if (cleaned) {
      words.push(cleaned);
    }
  }
  return words.join("-");
}
"#,
    ),
    renamed: (
        "src/urls.ts",
        "Urls.makeSlug",
        r#"export class Urls {
  static base = "/";

  static makeSlug(text: string): string {
    const parts: string[] = [];
    for (const token of text.toLowerCase().split(" ")) {
      const kept = token.replace(/[^a-z0-9]/g, "");
      if (kept) {
        parts.push(kept);
      }
    }
    return parts.join("-");
  }
}
"#,
    ),
    edited: (
        "src/pages.tsx",
        "pageSlug",
        r#"export const pageSlug = (page: Page): string => {
  const parts: string[] = [];
  const title = page.title.trim();
  for (const token of title.toLowerCase().split(" ")) {
    const kept = token.replace(/[^a-z0-9]/g, "");
    if (kept.length > 0) {
      parts.push(kept);
    }
  }
  return parts.join("-");
};

export const Title = ({ page }: { page: Page }) => <h1>{pageSlug(page)}</h1>;
"#,
    ),
    unrelated: (
        "src/settings.ts",
        "mergeSettings",
        r#"export function mergeSettings(defaults: Settings, overrides: Settings): Settings {
  const merged: Settings = Object.assign({}, defaults);
  Object.keys(overrides).forEach((key) => {
    const value = overrides[key];
    merged[key] = typeof value === "object" ? mergeSettings(merged[key] || {}, value) : value;
  });
  return merged;
}
"#,
    ),
    stub: r#"export class Urls {
  static base = "/";

  static makeSlug(text: string): string {
    const url = Urls.base + encodeURIComponent(text);
    return url;
  }
}
"#,
    broken: "\nfunction broken(a: number, {\n  return a +;\n}\n",
    test_path: "src/__tests__/urls.ts",
    def_needle: "static makeSlug",
};

const GO: Sample = Sample {
    existing: (
        "text/slug.go",
        "Slugify",
        r#"package text

import "strings"

// Slugify turns a title into a URL slug.
func Slugify(title string) string {
	words := []string{}
	for _, word := range strings.Fields(strings.ToLower(title)) {
		cleaned := strings.Map(keepAlnum, word)
		if cleaned != "" {
			words = append(words, cleaned)
		}
	}
	return strings.Join(words, "-")
}
"#,
    ),
    renamed: (
        "web/urls.go",
        "URLs.MakeSlug",
        r#"package web

import "strings"

type URLs struct{ base string }

func (u *URLs) MakeSlug(text string) string {
	parts := []string{}
	for _, token := range strings.Fields(strings.ToLower(text)) {
		kept := strings.Map(keepAlnum, token)
		if kept != "" {
			parts = append(parts, kept)
		}
	}
	return strings.Join(parts, "-")
}
"#,
    ),
    edited: (
        "web/pages.go",
        "PageSlug",
        r#"package web

import "strings"

func PageSlug(page Page) string {
	parts := []string{}
	title := strings.TrimSpace(page.Title)
	for _, token := range strings.Fields(strings.ToLower(title)) {
		kept := strings.Map(keepAlnum, token)
		if len(kept) > 0 {
			parts = append(parts, kept)
		}
	}
	return strings.Join(parts, "-")
}
"#,
    ),
    unrelated: (
        "config/merge.go",
        "MergeSettings",
        r#"package config

func MergeSettings(defaults, overrides map[string]any) map[string]any {
	merged := make(map[string]any, len(defaults))
	for k, v := range defaults {
		merged[k] = v
	}
	for k, v := range overrides {
		if sub, ok := v.(map[string]any); ok {
			if base, ok := merged[k].(map[string]any); ok {
				v = MergeSettings(base, sub)
			}
		}
		merged[k] = v
	}
	return merged
}
"#,
    ),
    stub: r#"package web

import "strings"

type URLs struct{ base string }

func (u *URLs) MakeSlug(text string) string {
	url := u.base + url.PathEscape(text)
	return url
}
"#,
    broken: "\nfunc broken(a int {\n\treturn a +\n}\n",
    test_path: "web/urls_test.go",
    def_needle: "func (u *URLs) MakeSlug",
};

const RUST: Sample = Sample {
    existing: (
        "src/text.rs",
        "slugify",
        r#"/// Turns a title into a URL slug.
pub fn slugify(title: &str) -> String {
    let mut words = Vec::new();
    for word in title.to_lowercase().split_whitespace() {
        let cleaned: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        if !cleaned.is_empty() {
            words.push(cleaned);
        }
    }
    words.join("-")
}
"#,
    ),
    renamed: (
        "src/urls.rs",
        "Urls::make_slug",
        r#"pub struct Urls;

impl Urls {
    #[must_use]
    pub fn make_slug(text: &str) -> String {
        let mut parts = Vec::new();
        for token in text.to_lowercase().split_whitespace() {
            let kept: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
            if !kept.is_empty() {
                parts.push(kept);
            }
        }
        parts.join("-")
    }
}
"#,
    ),
    edited: (
        "src/pages.rs",
        "<Page as Slug>::slug",
        r#"impl Slug for Page {
    fn slug(&self) -> String {
        let mut parts = Vec::new();
        let title = self.title.trim();
        for token in title.to_lowercase().split_whitespace() {
            let kept: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
            if kept.len() > 0 {
                parts.push(kept);
            }
        }
        parts.join("-")
    }
}
"#,
    ),
    unrelated: (
        "src/settings.rs",
        "merge_settings",
        r#"pub fn merge_settings(defaults: &Map, overrides: &Map) -> Map {
    let mut merged = defaults.clone();
    for (key, value) in overrides {
        match (merged.get_mut(key), value) {
            (Some(Value::Object(base)), Value::Object(sub)) => *base = merge_settings(base, sub),
            _ => {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    merged
}
"#,
    ),
    stub: r#"pub struct Urls;

impl Urls {
    #[must_use]
    pub fn make_slug(text: &str) -> String {
        let url = format!("/{}", urlencoding::encode(text));
        url
    }
}
"#,
    broken: "\nfn broken(a: i32 -> i32 {\n    a +\n}\n",
    test_path: "tests/urls.rs",
    def_needle: "    #[must_use]",
};

const JAVA: Sample = Sample {
    existing: (
        "src/main/java/text/Text.java",
        "Text.slugify",
        r#"package text;

public final class Text {
    /** Turns a title into a URL slug. */
    public static String slugify(String title) {
        List<String> words = new ArrayList<>();
        for (String word : title.toLowerCase().split(" ")) {
            String cleaned = word.replaceAll("[^a-z0-9]", "");
            if (!cleaned.isEmpty()) {
                words.add(cleaned);
            }
        }
        return String.join("-", words);
    }
}
"#,
    ),
    renamed: (
        "src/main/java/web/Urls.java",
        "Urls.makeSlug",
        r#"package web;

public class Urls {
    @Deprecated
    static String makeSlug(String text) {
        List<String> parts = new ArrayList<>();
        for (String token : text.toLowerCase().split(" ")) {
            String kept = token.replaceAll("[^a-z0-9]", "");
            if (!kept.isEmpty()) {
                parts.add(kept);
            }
        }
        return String.join("-", parts);
    }
}
"#,
    ),
    edited: (
        "src/main/java/web/Page.java",
        "Page.slug",
        r#"package web;

public record Page(String title) {
    String slug() {
        List<String> parts = new ArrayList<>();
        String trimmed = title.trim();
        for (String token : trimmed.toLowerCase().split(" ")) {
            String kept = token.replaceAll("[^a-z0-9]", "");
            if (kept.length() > 0) {
                parts.add(kept);
            }
        }
        return String.join("-", parts);
    }
}
"#,
    ),
    unrelated: (
        "src/main/java/config/Settings.java",
        "Settings.merge",
        r#"package config;

public interface Settings {
    default Map<String, Object> merge(Map<String, Object> defaults, Map<String, Object> overrides) {
        Map<String, Object> merged = new HashMap<>(defaults);
        overrides.forEach((key, value) -> merged.merge(key, value, (a, b) -> b));
        return Collections.unmodifiableMap(merged);
    }
}
"#,
    ),
    stub: r#"package web;

public class Urls {
    @Deprecated
    static String makeSlug(String text) {
        String url = BASE + URLEncoder.encode(text, UTF_8);
        return url;
    }
}
"#,
    broken: "\nclass Broken { void broken(int a { return a +; } }\n",
    test_path: "src/test/java/web/UrlsTest.java",
    def_needle: "    @Deprecated",
};

const C: Sample = Sample {
    existing: (
        "src/text.c",
        "slugify",
        r#"#include <ctype.h>
#include <string.h>

/* Turns a title into a URL slug in out, and returns its length. */
size_t slugify(const char *title, char *out, size_t cap) {
    const char *sep = "-";
    size_t n = 0;
    int gap = 0;
    for (const char *p = title; *p && n + 2 < cap; p++) {
        if (!isalnum((unsigned char)*p)) {
            gap = 1;
            continue;
        }
        if (gap && n > 0) {
            out[n++] = sep[0];
        }
        out[n++] = (char)tolower((unsigned char)*p);
        gap = 0;
    }
    out[n] = '\0';
    return n;
}
"#,
    ),
    renamed: (
        "src/urls.c",
        "make_slug",
        r#"#include "urls.h"

size_t make_slug(const char *text, char *buf, size_t size) {
    const char *dash = "-";
    size_t len = 0;
    int pending = 0;
    for (const char *c = text; *c && len + 2 < size; c++) {
        if (!isalnum((unsigned char)*c)) {
            pending = 1;
            continue;
        }
        if (pending && len > 0) {
            buf[len++] = dash[0];
        }
        buf[len++] = (char)tolower((unsigned char)*c);
        pending = 0;
    }
    buf[len] = '\0';
    return len;
}
"#,
    ),
    edited: (
        "src/pages.c",
        "page_slug",
        r#"#include "pages.h"

size_t page_slug(const struct page *page, char *buf, size_t size) {
    const char *dash = "-";
    const char *text = page->title;
    size_t len = 0;
    int pending = 0;
    while (isspace((unsigned char)*text)) {
        text++;
    }
    for (const char *c = text; *c && len + 2 < size; c++) {
        if (!isalnum((unsigned char)*c)) {
            pending = 1;
            continue;
        }
        if (pending != 0 && len > 0) {
            buf[len++] = dash[0];
        }
        buf[len++] = (char)tolower((unsigned char)*c);
        pending = 0;
    }
    buf[len] = '\0';
    return len;
}
"#,
    ),
    unrelated: (
        "src/settings.c",
        "merge_settings",
        r#"#include "settings.h"

void merge_settings(struct settings *merged, const struct settings *defaults,
                    const struct settings *overrides) {
    memcpy(merged, defaults, sizeof(*merged));
    if (overrides->port != 0) {
        merged->port = overrides->port;
    }
    if (overrides->host[0] != '\0') {
        snprintf(merged->host, sizeof(merged->host), "%s", overrides->host);
    }
    merged->verbose = overrides->verbose || defaults->verbose;
}
"#,
    ),
    stub: r#"#include "urls.h"

size_t make_slug(const char *text, char *buf, size_t size) {
    int written = snprintf(buf, size, "/%s", text);
    return written < 0 ? 0 : (size_t)written;
}
"#,
    broken: "\nint broken(int a {\n    return a +;\n}\n",
    test_path: "tests/urls.c",
    def_needle: "size_t make_slug",
};

const CPP: Sample = Sample {
    existing: (
        "src/text.cpp",
        "text::slugify",
        r#"#include <cctype>
#include <string>
#include <vector>

namespace text {

// Turns a title into a URL slug.
std::string slugify(const std::string &title) {
    std::vector<std::string> words;
    std::string word;
    for (char c : title + " ") {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            word.push_back(static_cast<char>(std::tolower(c)));
        } else if (!word.empty()) {
            words.push_back(word);
            word.clear();
        }
    }
    return join(words, "-");
}

}  // namespace text
"#,
    ),
    renamed: (
        "src/urls.cpp",
        "web::Urls::makeSlug",
        r#"#include "urls.h"

namespace web {

std::string Urls::makeSlug(const std::string &text) const {
    std::vector<std::string> parts;
    std::string token;
    for (char ch : text + " ") {
        if (std::isalnum(static_cast<unsigned char>(ch))) {
            token.push_back(static_cast<char>(std::tolower(ch)));
        } else if (!token.empty()) {
            parts.push_back(token);
            token.clear();
        }
    }
    return join(parts, "-");
}

}  // namespace web
"#,
    ),
    edited: (
        "src/pages.hpp",
        "web::Page::slug",
        r#"#pragma once
#include <string>

namespace web {

struct Page {
    std::string title;

    static std::string slug(const Page &page) {
        std::vector<std::string> parts;
        std::string token;
        const std::string trimmed = trim(page.title);
        for (char ch : trimmed + " ") {
            if (std::isalnum(static_cast<unsigned char>(ch))) {
                token.push_back(static_cast<char>(std::tolower(ch)));
            } else if (token.size() > 0) {
                parts.push_back(token);
                token.clear();
            }
        }
        return join(parts, "-");
    }
};

}  // namespace web
"#,
    ),
    unrelated: (
        "src/settings.cpp",
        "config::mergeSettings",
        r#"namespace config {

Settings mergeSettings(const Settings &defaults, const Settings &overrides) {
    Settings merged = defaults;
    for (const auto &[key, value] : overrides) {
        auto it = merged.find(key);
        if (it != merged.end() && it->second.isObject() && value.isObject()) {
            it->second = mergeSettings(it->second, value);
        } else {
            merged[key] = value;
        }
    }
    return merged;
}

}  // namespace config
"#,
    ),
    stub: r#"#include "urls.h"

namespace web {

std::string Urls::makeSlug(const std::string &text) const {
    std::string url = base_ + escape(text);
    return url;
}

}  // namespace web
"#,
    broken: "\nint broken(int a {\n    return a +;\n}\n",
    test_path: "tests/urls_test.cpp",
    def_needle: "std::string Urls::makeSlug",
};

const CSHARP: Sample = Sample {
    existing: (
        "src/Text/Slugs.cs",
        "Slugs.Slugify",
        r#"namespace Text;

public static class Slugs
{
    /// <summary>Turns a title into a URL slug.</summary>
    public static string Slugify(string title)
    {
        var words = new List<string>();
        foreach (var word in title.ToLowerInvariant().Split(' '))
        {
            var cleaned = new string(word.Where(char.IsLetterOrDigit).ToArray());
            if (cleaned.Length > 0)
            {
                words.Add(cleaned);
            }
        }
        return string.Join("-", words);
    }
}
"#,
    ),
    renamed: (
        "src/Web/Urls.cs",
        "Urls.MakeSlug",
        r#"namespace Web;

public class Urls
{
    [Obsolete]
    internal static string MakeSlug(string text)
    {
        var parts = new List<string>();
        foreach (var token in text.ToLowerInvariant().Split(' '))
        {
            var kept = new string(token.Where(char.IsLetterOrDigit).ToArray());
            if (kept.Length > 0)
            {
                parts.Add(kept);
            }
        }
        return string.Join("-", parts);
    }
}
"#,
    ),
    edited: (
        "src/Web/Page.cs",
        "Page.Slug",
        r#"namespace Web;

public record Page(string Title)
{
    public string Slug(Page page)
    {
        var parts = new List<string>();
        var trimmed = page.Title.Trim();
        foreach (var token in trimmed.ToLowerInvariant().Split(' '))
        {
            var kept = new string(token.Where(char.IsLetterOrDigit).ToArray());
            if (!string.IsNullOrEmpty(kept))
            {
                parts.Add(kept);
            }
        }
        return string.Join("-", parts);
    }
}
"#,
    ),
    unrelated: (
        "src/Config/Settings.cs",
        "Settings.Merge",
        r#"namespace Config;

public class Settings
{
    public Dictionary<string, object> Merge(Dictionary<string, object> defaults, Dictionary<string, object> overrides)
    {
        var merged = new Dictionary<string, object>(defaults);
        foreach (var (key, value) in overrides)
        {
            merged[key] = value is Dictionary<string, object> sub && merged.TryGetValue(key, out var old)
                ? Merge((Dictionary<string, object>)old, sub)
                : value;
        }
        return merged;
    }
}
"#,
    ),
    stub: r#"namespace Web;

public class Urls
{
    [Obsolete]
    internal static string MakeSlug(string text)
    {
        var url = Base + Uri.EscapeDataString(text);
        return url;
    }
}
"#,
    broken: "\nclass Broken { void Broken(int a { return a +; } }\n",
    test_path: "tests/Web.Tests/UrlsTests.cs",
    def_needle: "    [Obsolete]",
};

const KOTLIN: Sample = Sample {
    existing: (
        "src/main/kotlin/text/Text.kt",
        "slugify",
        r#"package text

/** Turns a title into a URL slug. */
fun slugify(title: String): String {
    val words = mutableListOf<String>()
    for (word in title.lowercase().split(" ")) {
        val cleaned = word.filter { it.isLetterOrDigit() }
        if (cleaned.isNotEmpty()) {
            words.add(cleaned)
        }
    }
    return words.joinToString("-")
}
"#,
    ),
    renamed: (
        "src/main/kotlin/web/Urls.kt",
        "Urls.makeSlug",
        r#"package web

object Urls {
    @JvmStatic
    fun makeSlug(text: String): String {
        val parts = mutableListOf<String>()
        for (token in text.lowercase().split(" ")) {
            val kept = token.filter { it.isLetterOrDigit() }
            if (kept.isNotEmpty()) {
                parts.add(kept)
            }
        }
        return parts.joinToString("-")
    }
}
"#,
    ),
    edited: (
        "src/main/kotlin/web/Page.kt",
        "Page.slug",
        r#"package web

fun Page.slug(page: Page): String {
    val parts = mutableListOf<String>()
    val trimmed = page.title.trim()
    for (token in trimmed.lowercase().split(" ")) {
        val kept = token.filter { it.isLetterOrDigit() }
        if (kept.length > 0) {
            parts.add(kept)
        }
    }
    return parts.joinToString("-")
}
"#,
    ),
    unrelated: (
        "src/main/kotlin/config/Settings.kt",
        "Settings.merge",
        r#"package config

class Settings {
    fun merge(defaults: Map<String, Any>, overrides: Map<String, Any>): Map<String, Any> {
        val merged = defaults.toMutableMap()
        for ((key, value) in overrides) {
            val base = merged[key]
            merged[key] = if (base is Map<*, *> && value is Map<*, *>) {
                @Suppress("UNCHECKED_CAST")
                merge(base as Map<String, Any>, value as Map<String, Any>)
            } else {
                value
            }
        }
        return merged
    }
}
"#,
    ),
    stub: r#"package web

object Urls {
    @JvmStatic
    fun makeSlug(text: String): String {
        val url = BASE + URLEncoder.encode(text, UTF_8)
        return url
    }
}
"#,
    broken: "\nfun broken(a: Int {\n    return a +\n}\n",
    test_path: "src/test/kotlin/web/UrlsTest.kt",
    def_needle: "    @JvmStatic",
};

const PHP: Sample = Sample {
    existing: (
        "src/Text.php",
        "slugify",
        r#"<?php

namespace App;

/** Turns a title into a URL slug. */
function slugify(string $title): string
{
    $words = [];
    foreach (explode(' ', strtolower($title)) as $word) {
        $cleaned = preg_replace('/[^a-z0-9]/', '', $word);
        if ($cleaned !== '') {
            $words[] = $cleaned;
        }
    }
    return implode("-", $words);
}
"#,
    ),
    renamed: (
        "src/Web/Urls.php",
        "Urls::makeSlug",
        r#"<?php

namespace App\Web;

class Urls
{
    #[Pure]
    public static function makeSlug(string $text): string
    {
        $parts = [];
        foreach (explode(' ', strtolower($text)) as $token) {
            $kept = preg_replace('/[^a-z0-9]/', '', $token);
            if ($kept !== '') {
                $parts[] = $kept;
            }
        }
        return implode("-", $parts);
    }
}
"#,
    ),
    edited: (
        "src/Web/Page.php",
        "Page::slug",
        r#"<?php

namespace App\Web;

class Page
{
    public function slug(Page $page): string
    {
        $parts = [];
        $trimmed = trim($page->title);
        foreach (explode(' ', strtolower($trimmed)) as $token) {
            $kept = preg_replace('/[^a-z0-9]/', '', $token);
            if (strlen($kept) > 0) {
                $parts[] = $kept;
            }
        }
        return implode("-", $parts);
    }
}
"#,
    ),
    unrelated: (
        "src/Config/Settings.php",
        "Settings::merge",
        r#"<?php

namespace App\Config;

class Settings
{
    public function merge(array $defaults, array $overrides): array
    {
        $merged = $defaults;
        foreach ($overrides as $key => $value) {
            if (is_array($value) && isset($merged[$key]) && is_array($merged[$key])) {
                $value = $this->merge($merged[$key], $value);
            }
            $merged[$key] = $value;
        }
        return $merged;
    }
}
"#,
    ),
    stub: r#"<?php

namespace App\Web;

class Urls
{
    #[Pure]
    public static function makeSlug(string $text): string
    {
        $url = self::BASE . rawurlencode($text);
        return $url;
    }
}
"#,
    broken: "\nfunction broken($a {\n    return $a +;\n}\n",
    test_path: "tests/Web/UrlsTest.php",
    def_needle: "    #[Pure]",
};

const RUBY: Sample = Sample {
    existing: (
        "lib/text.rb",
        "Text.slugify",
        r#"module Text
  # Turns a title into a URL slug.
  def self.slugify(title)
    words = []
    title.downcase.split(" ").each do |word|
      cleaned = word.gsub(/[^a-z0-9]/, "")
      unless cleaned.empty?
        words << cleaned
      end
    end
    words.join("-")
  end
end
"#,
    ),
    renamed: (
        "lib/web/urls.rb",
        "Urls.make_slug",
        r#"class Urls
  # @param text [String]
  def make_slug(text)
    parts = []
    text.downcase.split(" ").each do |token|
      kept = token.gsub(/[^a-z0-9]/, "")
      unless kept.empty?
        parts << kept
      end
    end
    parts.join("-")
  end
end
"#,
    ),
    edited: (
        "lib/web/page.rb",
        "Page.slug",
        r#"class Page
  def slug(page)
    parts = []
    trimmed = page.title.strip
    trimmed.downcase.split(" ").each do |token|
      kept = token.gsub(/[^a-z0-9_]/, "")
      unless kept.empty?
        parts << kept
      end
    end
    parts.join("-")
  end
end
"#,
    ),
    unrelated: (
        "lib/config/settings.rb",
        "Settings.merge",
        r#"class Settings
  def merge(defaults, overrides)
    merged = defaults.dup
    overrides.each do |key, value|
      base = merged[key]
      merged[key] = base.is_a?(Hash) && value.is_a?(Hash) ? merge(base, value) : value
    end
    merged.freeze
  end
end
"#,
    ),
    stub: r#"class Urls
  # @param text [String]
  def make_slug(text)
    url = BASE + CGI.escape(text)
    url
  end
end
"#,
    broken: "\ndef broken(a\n  a +\nend end\n",
    test_path: "spec/web/urls_spec.rb",
    def_needle: "  def make_slug",
};

const SWIFT: Sample = Sample {
    existing: (
        "Sources/Text/Text.swift",
        "slugify",
        r#"import Foundation

/// Turns a title into a URL slug.
public func slugify(_ title: String) -> String {
    var words: [String] = []
    for word in title.lowercased().split(separator: " ") {
        let cleaned = word.filter { $0.isLetter || $0.isNumber }
        if !cleaned.isEmpty {
            words.append(String(cleaned))
        }
    }
    return words.joined(separator: "-")
}
"#,
    ),
    renamed: (
        "Sources/Web/Urls.swift",
        "Urls.makeSlug",
        r#"import Foundation

enum Urls {
    @inlinable
    static func makeSlug(_ text: String) -> String {
        var parts: [String] = []
        for token in text.lowercased().split(separator: " ") {
            let kept = token.filter { $0.isLetter || $0.isNumber }
            if !kept.isEmpty {
                parts.append(String(kept))
            }
        }
        return parts.joined(separator: "-")
    }
}
"#,
    ),
    edited: (
        "Sources/Web/Page.swift",
        "Page.slug",
        r#"import Foundation

extension Page {
    func slug(of page: Page) -> String {
        var parts: [String] = []
        let trimmed = page.title.trimmingCharacters(in: .whitespaces)
        for token in trimmed.lowercased().split(separator: " ") {
            let kept = token.filter { $0.isLetter || $0.isNumber }
            if kept.count > 0 {
                parts.append(String(kept))
            }
        }
        return parts.joined(separator: "-")
    }
}
"#,
    ),
    unrelated: (
        "Sources/Config/Settings.swift",
        "Settings.merge",
        r#"import Foundation

struct Settings {
    func merge(_ defaults: [String: Any], _ overrides: [String: Any]) -> [String: Any] {
        var merged = defaults
        for (key, value) in overrides {
            if let base = merged[key] as? [String: Any], let sub = value as? [String: Any] {
                merged[key] = merge(base, sub)
            } else {
                merged[key] = value
            }
        }
        return merged
    }
}
"#,
    ),
    stub: r#"import Foundation

enum Urls {
    @inlinable
    static func makeSlug(_ text: String) -> String {
        let url = base + (text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "")
        return url
    }
}
"#,
    broken: "\nfunc broken(a: Int -> Int {\n    return a +\n}\n",
    test_path: "Tests/WebTests/UrlsTests.swift",
    def_needle: "    @inlinable",
};

const SCALA: Sample = Sample {
    existing: (
        "src/main/scala/text/Text.scala",
        "Text.slugify",
        r#"package text

object Text {
  /** Turns a title into a URL slug. */
  def slugify(title: String): String = {
    val words = scala.collection.mutable.ListBuffer[String]()
    for (word <- title.toLowerCase.split(" ")) {
      val cleaned = word.filter(_.isLetterOrDigit)
      if (cleaned.nonEmpty) {
        words += cleaned
      }
    }
    words.mkString("-")
  }
}
"#,
    ),
    renamed: (
        "src/main/scala/web/Urls.scala",
        "Urls.makeSlug",
        r#"package web

object Urls {
  @inline
  def makeSlug(text: String): String = {
    val parts = scala.collection.mutable.ListBuffer[String]()
    for (token <- text.toLowerCase.split(" ")) {
      val kept = token.filter(_.isLetterOrDigit)
      if (kept.nonEmpty) {
        parts += kept
      }
    }
    parts.mkString("-")
  }
}
"#,
    ),
    edited: (
        "src/main/scala/web/Page.scala",
        "Page.slug",
        r#"package web

class Page(val title: String) {
  def slug(page: Page): String = {
    val parts = scala.collection.mutable.ListBuffer[String]()
    val trimmed = page.title.trim
    for (token <- trimmed.toLowerCase.split(" ")) {
      val kept = token.filter(_.isLetterOrDigit)
      if (kept.length > 0) {
        parts += kept
      }
    }
    parts.mkString("-")
  }
}
"#,
    ),
    unrelated: (
        "src/main/scala/config/Settings.scala",
        "Settings.merge",
        r#"package config

trait Settings {
  def merge(defaults: Map[String, Any], overrides: Map[String, Any]): Map[String, Any] = {
    overrides.foldLeft(defaults) { case (merged, (key, value)) =>
      (merged.get(key), value) match {
        case (Some(base: Map[String, Any] @unchecked), sub: Map[String, Any] @unchecked) =>
          merged.updated(key, merge(base, sub))
        case _ => merged.updated(key, value)
      }
    }
  }
}
"#,
    ),
    stub: r#"package web

object Urls {
  @inline
  def makeSlug(text: String): String = {
    val url = Base + URLEncoder.encode(text, UTF_8)
    url
  }
}
"#,
    broken: "\nobject Broken { def broken(a: Int = { a + } }\n",
    test_path: "src/test/scala/web/UrlsSpec.scala",
    def_needle: "  @inline",
};

fn base(s: &Sample) -> TestRepo {
    TestRepo::with_base(&[(s.existing.0, s.existing.2), (s.unrelated.0, s.unrelated.2)])
}

fn pr(r: &TestRepo, code: i32) -> serde_json::Value {
    let run = r.run(&["pr", "--base", "main", "--format", "json"]);
    run.code(code);
    run.json()
}

fn pr_adding(s: &Sample, path: &str, text: &str) -> TestRepo {
    let r = base(s);
    r.branch("feature");
    r.write(path, text);
    r.commit("feature");
    r
}

fn found(json: &serde_json::Value, new: (&str, &str), existing: (&str, &str)) {
    let want = (
        new.0.to_string(),
        new.1.to_string(),
        existing.0.to_string(),
        existing.1.to_string(),
    );
    assert_eq!(pairs(json), [want], "{json:#}");
}

fn exact_copy_in_another_module_is_found(s: &Sample) {
    // The existing file's text under another path and name: every function a copy.
    let (dir, file) = s.renamed.0.rsplit_once('/').unwrap();
    let ext = file.rsplit_once('.').unwrap().1;
    let path = format!("{dir}/copied.{ext}");
    let r = pr_adding(s, &path, s.existing.2);
    let json = pr(&r, 1);
    found(&json, (&path, s.existing.1), (s.existing.0, s.existing.1));
    // An exact copy: the same spans in both files.
    let f = &json["findings"][0];
    for key in ["start_line", "def_line", "end_line"] {
        assert_eq!(f["new"][key], f["existing"][key], "{json:#}");
    }
}

fn renamed_copy_is_found(s: &Sample) {
    let r = pr_adding(s, s.renamed.0, s.renamed.2);
    let json = pr(&r, 1);
    found(
        &json,
        (s.renamed.0, s.renamed.1),
        (s.existing.0, s.existing.1),
    );
}

fn copy_with_statements_edited_is_found(s: &Sample) {
    let r = pr_adding(s, s.edited.0, s.edited.2);
    // More than a fifth of its statements changed: reported, as a warning.
    let json = pr(&r, 0);
    found(
        &json,
        (s.edited.0, s.edited.1),
        (s.existing.0, s.existing.1),
    );
    assert_eq!(json["findings"][0]["level"], "warning", "{json:#}");
    r.run(&["pr", "--base", "main", "--fail-on", "warning"])
        .code(1);
}

fn unrelated_new_function_is_not_reported(s: &Sample) {
    let r = TestRepo::with_base(&[(s.existing.0, s.existing.2)]);
    r.branch("feature");
    r.write(s.unrelated.0, s.unrelated.2);
    r.commit("feature");
    let json = pr(&r, 0);
    assert_eq!(pairs(&json), [], "{json:#}");
    assert_eq!(json["checked_functions"], 1, "{json:#}");
}

fn changed_function_is_checked_and_old_duplication_is_not(s: &Sample) {
    // A function that the change turns into a copy is a finding.
    let r = TestRepo::with_base(&[(s.existing.0, s.existing.2), (s.renamed.0, s.stub)]);
    r.branch("feature");
    r.write(s.renamed.0, s.renamed.2);
    r.commit("feature");
    let json = pr(&r, 1);
    found(
        &json,
        (s.renamed.0, s.renamed.1),
        (s.existing.0, s.existing.1),
    );
    // A copy that was there before, touched by a one-line edit, is not.
    let r = TestRepo::with_base(&[(s.existing.0, s.existing.2), (s.renamed.0, s.renamed.2)]);
    r.branch("feature");
    r.write(s.renamed.0, s.renamed.2.replace("\"-\"", "SEPARATOR"));
    r.commit("one line");
    let json = pr(&r, 0);
    assert_eq!(pairs(&json), [], "{json:#}");
    assert_eq!(json["checked_functions"], 1, "{json:#}");
}

fn suppression_comment_is_honoured(s: &Sample) {
    let r = pr_adding(s, s.renamed.0, s.renamed.2);
    // The language's comment: `//`, or `#` in Ruby.
    let marker = Language::from_path(s.renamed.0).unwrap().ignore_marker();
    let opener = marker.split(' ').next().unwrap();
    for marker in [
        format!("{opener} dedupe-check: ignore"),
        format!("{opener}dedupe-check:ignore"),
        format!("{opener} DEDUPE-CHECK: ignore"),
    ] {
        let text = s
            .renamed
            .2
            .replacen(s.def_needle, &format!("{marker}\n{}", s.def_needle), 1);
        r.write(s.renamed.0, text);
        r.commit(&marker);
        let json = pr(&r, 0);
        assert_eq!(pairs(&json), [], "{marker}: {json:#}");
        let notices = json["notices"].to_string();
        assert!(
            notices.contains("skipped by a `dedupe-check: ignore` comment"),
            "{marker}: {json:#}"
        );
    }
}

fn test_file_is_ignored_by_default(s: &Sample) {
    let r = pr_adding(s, s.test_path, s.renamed.2);
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(run.stdout.contains("only test code changed"), "{run}");
    let run = r.run(&[
        "pr", "--base", "main", "--format", "json", "--tests", "check",
    ]);
    run.code(1);
    assert_eq!(pairs(&run.json()).len(), 1, "{run}");
}

fn syntax_error_keeps_the_rest(s: &Sample) {
    let text = format!("{}{}", s.renamed.2, s.broken);
    let r = pr_adding(s, s.renamed.0, &text);
    let json = pr(&r, 1);
    found(
        &json,
        (s.renamed.0, s.renamed.1),
        (s.existing.0, s.existing.1),
    );
    assert!(
        json["notices"]
            .to_string()
            .contains("could not parse parts of this file"),
        "{json:#}"
    );
}

fn crlf_and_bom_keep_spans(s: &Sample) {
    let text = format!("\u{feff}{}", s.renamed.2.replace('\n', "\r\n"));
    let r = pr_adding(s, s.renamed.0, &text);
    let json = pr(&r, 1);
    found(
        &json,
        (s.renamed.0, s.renamed.1),
        (s.existing.0, s.existing.1),
    );
    let lines: Vec<&str> = s.renamed.2.lines().collect();
    let def = lines.iter().position(|l| l.contains(s.def_needle)).unwrap() + 1;
    let last = lines.iter().rposition(|l| !l.trim().is_empty()).unwrap() + 1;
    let new = &json["findings"][0]["new"];
    assert_eq!(new["start_line"], def as u64, "{json:#}");
    // The function ends on or before the file's last line (a class brace may follow).
    let end = new["end_line"].as_u64().unwrap();
    assert!(end + 2 >= last as u64 && end <= last as u64, "{json:#}");
}

macro_rules! language_tests {
    ($($module:ident: $sample:expr),* $(,)?) => {$(
        mod $module {
            use super::*;

            #[test]
            fn exact_copy_in_another_module_is_found() {
                super::exact_copy_in_another_module_is_found(&$sample);
            }

            #[test]
            fn renamed_copy_is_found() {
                super::renamed_copy_is_found(&$sample);
            }

            #[test]
            fn copy_with_statements_edited_is_found() {
                super::copy_with_statements_edited_is_found(&$sample);
            }

            #[test]
            fn unrelated_new_function_is_not_reported() {
                super::unrelated_new_function_is_not_reported(&$sample);
            }

            #[test]
            fn changed_function_is_checked_and_old_duplication_is_not() {
                super::changed_function_is_checked_and_old_duplication_is_not(&$sample);
            }

            #[test]
            fn suppression_comment_is_honoured() {
                super::suppression_comment_is_honoured(&$sample);
            }

            #[test]
            fn test_file_is_ignored_by_default() {
                super::test_file_is_ignored_by_default(&$sample);
            }

            #[test]
            fn syntax_error_keeps_the_rest() {
                super::syntax_error_keeps_the_rest(&$sample);
            }

            #[test]
            fn crlf_and_bom_keep_spans() {
                super::crlf_and_bom_keep_spans(&$sample);
            }
        }
    )*};
}

language_tests! {
    javascript: JS,
    typescript: TS,
    go: GO,
    rust: RUST,
    java: JAVA,
    c: C,
    cpp: CPP,
    csharp: CSHARP,
    kotlin: KOTLIN,
    php: PHP,
    ruby: RUBY,
    swift: SWIFT,
    scala: SCALA,
}

// ---------------------------------------------------------------------------------------
// Several languages in one repository, and the `languages` key
// ---------------------------------------------------------------------------------------

#[test]
fn one_run_checks_every_language_and_pairs_within_one_only() {
    let r = TestRepo::with_base(&[
        (JS.existing.0, JS.existing.2),
        (GO.existing.0, GO.existing.2),
        (RUST.existing.0, RUST.existing.2),
    ]);
    r.branch("feature");
    r.write(JS.renamed.0, JS.renamed.2);
    r.write(GO.renamed.0, GO.renamed.2);
    // JavaScript that is valid TypeScript: still no copy of the JavaScript function,
    // because candidates are compared within one language.
    r.write("src/urls2.ts", JS.renamed.2);
    r.commit("feature");
    let json = pr(&r, 1);
    let mut got = pairs(&json);
    got.sort();
    let pair = |s: &Sample| {
        (
            s.renamed.0.to_string(),
            s.renamed.1.to_string(),
            s.existing.0.to_string(),
            s.existing.1.to_string(),
        )
    };
    let mut want = vec![pair(&JS), pair(&GO)];
    want.sort();
    assert_eq!(got, want, "{json:#}");
    assert_eq!(json["checked_functions"], 3, "{json:#}");
}

#[test]
fn languages_key_restricts_what_is_checked_and_wrong_names_are_errors() {
    let r = pr_adding(&GO, GO.renamed.0, GO.renamed.2);
    r.write(".dedupe-check.yml", "languages: [python, java]\n");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("nothing to check: no Python or Java function source changed"),
        "{run}"
    );
    r.write(".dedupe-check.yml", "languages: [go]\n");
    assert_eq!(pairs(&pr(&r, 1)).len(), 1);
    // The flag overrides the file.
    let run = r.run(&["pr", "--base", "main", "--languages", "rust,typescript"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("no TypeScript or Rust function source changed"),
        "{run}"
    );
    // C is checked with C++ (`cpp` selects both), and alone by its own name.
    r.write(".dedupe-check.yml", "languages: [c]\n");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("nothing to check: no C function source changed"),
        "{run}"
    );
    r.write(".dedupe-check.yml", "top_k: 5\nlanguages: [go, golang]\n");
    let run = r.run(&["pr", "--base", "main"]);
    run.code(2);
    assert!(
        run.stderr.contains(".dedupe-check.yml:2:")
            && run.stderr.contains("languages")
            && run.stderr.contains("unknown variant `golang`"),
        "{run}"
    );
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

#[test]
fn vendored_generated_and_minified_files_are_named_by_reason() {
    let r = base(&JS);
    r.write(".dedupe-check.yml", "max_file_bytes: 20000000\n");
    r.commit("allow large files");
    r.branch("feature");
    // A 10 MB single-line bundle outside any vendored directory.
    let bundle = format!(
        "(function(){{{}}})();\n",
        "var a=function(b){return b+1};".repeat(340_000)
    );
    assert!(bundle.len() > 10_000_000);
    r.write("src/bundle.js", &bundle);
    r.write("node_modules/slug/index.js", JS.renamed.2);
    r.write("web/dist/urls.js", JS.renamed.2);
    r.write("src/urls.min.js", JS.renamed.2);
    r.write(
        "web/urls_gen.go",
        format!(
            "// Code generated by slugger; DO NOT EDIT.\n\n{}",
            GO.renamed.2
        ),
    );
    r.write("vendor/x/urls.go", GO.renamed.2);
    r.write(JS.edited.0, JS.edited.2);
    r.commit("feature");
    let started = std::time::Instant::now();
    // The edited copy is a warning (more than a fifth of its statements changed).
    let json = pr(&r, 0);
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
    found(
        &json,
        (JS.edited.0, JS.edited.1),
        (JS.existing.0, JS.existing.1),
    );
    // Each reason is one notice that names its files.
    let notices = common::notices(&json);
    let expected = [
        "4 changed file(s) not checked, vendored or generated code by its path (node_modules/, \
         vendor/, third_party/, dist/, *.min.js, …): node_modules/slug/index.js, \
         src/urls.min.js, vendor/x/urls.go, web/dist/urls.js",
        "1 changed file(s) not checked, generated code (a generated-code marker such as \
         `DO NOT EDIT` near the top): web/urls_gen.go",
        "1 changed file(s) not checked, minified (many lines too long to be hand-written): \
         src/bundle.js",
    ];
    for n in expected {
        assert!(notices.contains(&n), "{n}\n{notices:#?}");
    }
}

#[test]
fn one_long_line_in_a_hand_written_tsx_file_is_still_checked() {
    // An inline SVG icon of 2 000 characters above ordinary code: not minified.
    let svg = format!(
        "const ICON = \"<svg viewBox='0 0 24 24'><path d='{}'/></svg>\";\n\n",
        "M1 2L3 4".repeat(250)
    );
    assert!(svg.len() > 2000);
    let r = base(&TS);
    r.branch("feature");
    r.write("src/icons.tsx", format!("{svg}{}", TS.renamed.2));
    r.commit("feature");
    let json = pr(&r, 1);
    found(
        &json,
        ("src/icons.tsx", TS.renamed.1),
        (TS.existing.0, TS.existing.1),
    );
    assert!(
        !json["notices"].to_string().contains("minified"),
        "{json:#}"
    );
}

#[test]
fn thousands_of_nested_callbacks_and_jsx_in_js_files() {
    let n = 3000;
    let deep = format!(
        "export function main() {{\n{}run();\n{}}}\n",
        "on(\"tick\", function () {\n".repeat(n),
        "});\n".repeat(n)
    );
    let jsx = format!(
        "export const Slug = ({{ text }}) => <span className=\"slug\">{{makeSlug(text)}}</span>;\n\n{}",
        JS.renamed
            .2
            .replace("import { api } from \"./api.js\";\n", "")
    );
    let r = base(&JS);
    r.branch("feature");
    r.write("src/deep.js", &deep);
    r.write("src/components.js", &jsx);
    r.commit("feature");
    let json = pr(&r, 1);
    found(
        &json,
        ("src/components.js", "makeSlug"),
        (JS.existing.0, JS.existing.1),
    );
    assert!(
        !json["notices"].to_string().contains("could not parse"),
        "{json:#}"
    );
}

#[test]
fn non_utf8_files_are_skipped_and_the_rest_checked() {
    let r = base(&GO);
    r.branch("feature");
    let mut latin1 =
        b"package web\n\n// Caf\xe9 helpers\nfunc Caf() string {\n\treturn \"caf\xe9\"\n}\n"
            .to_vec();
    latin1.extend_from_slice(b"\n");
    r.write("web/latin1.go", latin1);
    r.write(GO.renamed.0, GO.renamed.2);
    r.commit("feature");
    let json = pr(&r, 1);
    found(
        &json,
        (GO.renamed.0, GO.renamed.1),
        (GO.existing.0, GO.existing.1),
    );
    assert!(
        json["notices"]
            .to_string()
            .contains("1 changed file(s) not checked, not valid UTF-8 (a Python file can declare another encoding in a `# -*- coding: latin-1 -*-` line): web/latin1.go"),
        "{json:#}"
    );
}

#[test]
fn rust_test_modules_and_test_functions_are_test_code() {
    let body = RUST.renamed.2.replace("pub struct Urls;\n\n", "");
    let text = format!(
        "pub fn real() -> u32 {{\n    1\n}}\n\n#[cfg(test)]\nmod tests {{\n    struct Urls;\n{}\n}}\n",
        body
    );
    let r = pr_adding(&RUST, "src/lib.rs", &text);
    let json = pr(&r, 0);
    assert_eq!(pairs(&json), [], "{json:#}");
    let run = r.run(&[
        "pr", "--base", "main", "--format", "json", "--tests", "check",
    ]);
    run.code(1);
    assert_eq!(pairs(&run.json())[0].1, "tests::Urls::make_slug", "{run}");
}

#[test]
fn rust_test_modules_in_files_of_their_own_are_test_code() {
    // `#[cfg(test)] mod tests;` in `src/urls.rs`: `src/urls/tests.rs` is test code, told
    // by the declaration alone.
    let declaring =
        |attr: &str| format!("pub fn real() -> u32 {{\n    1\n}}\n\n{attr}mod tests;\n");
    let r = base(&RUST);
    r.branch("feature");
    r.write("src/urls.rs", declaring("#[cfg(test)]\n"));
    r.write("src/urls/tests.rs", RUST.renamed.2);
    r.commit("feature");
    let json = pr(&r, 0);
    assert_eq!(pairs(&json), [], "{json:#}");
    let run = r.run(&[
        "pr", "--base", "main", "--format", "json", "--tests", "check",
    ]);
    run.code(1);
    assert_eq!(pairs(&run.json())[0].0, "src/urls/tests.rs", "{run}");
    // Declared without the attribute, the same file is code like any other.
    r.write("src/urls.rs", declaring(""));
    r.commit("not a test module");
    assert_eq!(pairs(&pr(&r, 1))[0].0, "src/urls/tests.rs");

    // A test module's `mod.rs`, declared by the crate root, is no candidate either.
    let r = TestRepo::with_base(&[
        ("src/lib.rs", "#[cfg(test)]\nmod fixtures;\n"),
        ("src/fixtures/mod.rs", RUST.existing.2),
    ]);
    r.branch("feature");
    r.write(RUST.renamed.0, RUST.renamed.2);
    r.commit("feature");
    assert_eq!(pairs(&pr(&r, 0)), []);
    let run = r.run(&["pr", "--base", "main", "--tests", "check"]);
    run.code(1);
}

#[test]
fn messages_name_the_languages_own_suppression_comment() {
    let r = pr_adding(&GO, GO.renamed.0, GO.renamed.2);
    let run = r.run(&["pr", "--base", "main", "--format", "github"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("add `// dedupe-check: ignore` on the def line"),
        "{run}"
    );
}

/// A C++ method defined out of its class and copied, name and all, into another file:
/// its header (`Store::get(`) names the method, it does not call it, so the copy is no
/// reuse of the original but a copy of it.
#[test]
fn an_out_of_class_cpp_definition_copied_under_its_own_name_is_found() {
    let method = r#"#include "store.h"

int Store::get(const std::string& key, int fallback) {
  auto it = table_.find(key);
  if (it == table_.end()) {
    misses_ += 1;
    return fallback;
  }
  hits_ += 1;
  int value = it->second;
  return value * scale_;
}
"#;
    let r = TestRepo::with_base(&[("src/store.cc", method)]);
    r.branch("feature");
    r.write("tools/store_copy.cc", method);
    r.commit("copy the store");
    let found = pairs(&pr(&r, 1));
    assert_eq!(
        found,
        [(
            "tools/store_copy.cc".to_string(),
            "Store::get".to_string(),
            "src/store.cc".to_string(),
            "Store::get".to_string()
        )]
    );
}
