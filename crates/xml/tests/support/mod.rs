//! Inputs shared by the property tests of the XML layer and of the Zdal model (included by path from
//! crates/zdal/tests/proptests.rs): XML-ish text built from fragments and multi-byte characters, and random
//! edits of real files. The antx, jar and sql property tests include it for `edit` alone.

use proptest::prelude::*;
use proptest::sample::Index;

/// Multi-byte text real Chinese configuration files carry: CJK, full-width punctuation, emoji, a BOM.
pub const MULTI: &[&str] = &["中文档", "，", "（", "）", "：", "😀", "é", "\u{FEFF}", "ｘ", "\u{3000}"];

/// Pieces of XML and of Zdal's Spring files that steer the readers into their deeper branches.
pub const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "<?xml version=\"1.0\" encoding=\"GBK\"?>",
    "<?xml version='1.0'?>",
    "<?xml-stylesheet x?>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE beans PUBLIC \"-//SPRING//DTD BEAN//EN\" [<!ENTITY a 'b'>]>",
    "<beans xmlns=\"http://www.springframework.org/schema/beans\">",
    "</beans>",
    "<bean id=\"app\" class=\"com.alipay.zdal.client.config.bean.ZdalAppBean\">",
    "<bean id=\"ds\" class=\"com.alipay.zdal.client.config.bean.AppDataSourceBean\" parent=\"app\">",
    "<bean id=\"r\" class=\"com.alipay.zdal.rule.config.beans.TableRule\">",
    "</bean>",
    "<property name=\"appName\" value=\"order\"/>",
    "<property name=\"dbIndexes\" value=\"master_0,master_1\"/>",
    "<property name=\"tbSuffix\" value=\"resetForEachDB:[_0-_3]\"/>",
    "<property name=\"",
    "\" value=\"",
    "\" ref=\"",
    "<list>",
    "</list>",
    "<map><entry key=\"k\" value=\"v\"/></map>",
    "<value>#user_id#.longValue() % 4</value>",
    "<ref bean=\"ds\"/>",
    "<App name=\"a\"><AppDataSource name=\"d\">",
    "</AppDataSource></App>",
    "<mapper namespace=\"a.B\"><select id=\"q\">",
    "</select></mapper>",
    "<if test=\"a != null and b &lt; 3\">",
    "</if>",
    "${order.db.url}",
    "&amp;",
    "&lt;",
    "&#x4E2D;",
    "&#20013;",
    "&#xFFFFFFFF;",
    "&nope;",
    "&",
    ";",
    "\"",
    "'",
    "=",
    " ",
    "\n",
    "\t",
    "ns:",
    "<?",
    "?>",
    "[",
    "]",
];

pub fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        2 => prop::sample::select(MULTI).prop_map(str::to_string),
        1 => ".{0,3}",
    ]
}

/// XML-ish text: fragments interleaved with multi-byte characters and arbitrary ones.
pub fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..48).prop_map(|v| v.concat())
}

/// Inserts, deletes or replaces around `at` (snapped to character boundaries).
pub fn edit(s: &mut String, at: Index, op: u8, piece: &str) {
    let floor = |s: &str, mut p: usize| {
        while !s.is_char_boundary(p) {
            p -= 1;
        }
        p
    };
    let p = floor(s, at.index(s.len() + 1));
    let end = floor(s, (p + 1 + piece.len() * 2).min(s.len()));
    match op % 3 {
        0 => s.insert_str(p, piece),
        1 => s.replace_range(p..end, ""),
        _ => s.replace_range(p..end, piece),
    }
}

pub type Edits = Vec<(Index, u8, String)>;

pub fn edits() -> impl Strategy<Value = Edits> {
    prop::collection::vec((any::<Index>(), any::<u8>(), piece()), 0..6)
}
