//! The mapper pass with a change set (the pre-push path, a semantic re-run) reads only the namespaces the change
//! can alter: what it reports must be exactly the full pass's findings in those namespaces, and a change it
//! cannot scope (a deleted mapper, a root element it cannot read at a glance) must give the full pass's.

use std::sync::Arc;

use precheck_core::{ChangeKind, ChangeSet, Config, FileSource};
use precheck_java::JavaCheck;
use precheck_runner::{MemorySource, RepoPass};

const USER_IFACE: &str = "package x;\n\nimport java.util.List;\n\npublic interface UserMapper {\n    User find(@Param(\"id\") int id);\n    List<User> selectByExample(UserExample example);\n    int save(User user);\n    void lost();\n}\n";
const USER_CLASS: &str = "package x;\n\npublic class User {\n    private int id;\n    private String name;\n}\n";
const USER_EXAMPLE: &str = "package x;\n\npublic class UserExample {\n    private String orderByClause;\n}\n";
const USER_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://mybatis.org/dtd/mybatis-3-mapper.dtd">
<!-- The user mapper. -->
<mapper namespace="x.UserMapper">
  <resultMap id="base" type="x.User"><id column="id" property="id"/></resultMap>
  <sql id="where">where 1 = 1</sql>
  <select id="find" resultMap="base">select * from user where id = #{id}</select>
  <select id="selectByExample" resultMap="base">select * from user <include refid="where"/></select>
  <insert id="save">insert into user (id, name) values (#{id}, #{nickname})</insert>
</mapper>
"#;
/// A second file of the user namespace: its `find` is defined twice in the namespace (JV051).
const USER_EXTRA_XML: &str = r#"<mapper namespace="x.UserMapper">
  <select id="find" resultType="x.User">select * from user where id = #{id}</select>
</mapper>
"#;
/// Refers into the user namespace (its result map); a duplicate of its own (JV051 in a namespace no change
/// touches) and a result map no namespace has (JV054).
const ORDER_XML: &str = r#"<mapper namespace='x.OrderMapper'>
  <select id="list" resultMap="x.UserMapper.base">select * from orders</select>
  <select id="list" resultMap="x.UserMapper.base">select * from orders</select>
  <select id="one" resultMap="gone">select * from orders</select>
</mapper>
"#;
const ORDER_IFACE: &str = "package x;\n\npublic interface OrderMapper {\n    Object list();\n    Object one();\n}\n";
/// Names nothing of the user namespace: out of a user change's reach.
const ITEM_XML: &str = r#"<mapper namespace="x.ItemMapper">
  <select id="all" resultMap="missing">select * from item</select>
</mapper>
"#;
const ITEM_IFACE: &str = "package x;\n\npublic interface ItemMapper {\n    Object all();\n    Object none();\n}\n";

fn tree(overrides: &[(&str, &str)]) -> MemorySource {
    let mut files = vec![
        ("src/main/java/x/UserMapper.java", USER_IFACE),
        ("src/main/java/x/User.java", USER_CLASS),
        ("src/main/java/x/UserExample.java", USER_EXAMPLE),
        ("src/main/java/x/OrderMapper.java", ORDER_IFACE),
        ("src/main/java/x/ItemMapper.java", ITEM_IFACE),
        ("src/main/resources/x/UserMapper.xml", USER_XML),
        ("src/main/resources/x/UserMapperExtra.xml", USER_EXTRA_XML),
        ("src/main/resources/x/OrderMapper.xml", ORDER_XML),
        ("src/main/resources/x/ItemMapper.xml", ITEM_XML),
        ("pom.xml", "<project><modelVersion>4.0.0</modelVersion></project>\n"),
    ];
    for (path, text) in overrides {
        match files.iter_mut().find(|(p, _)| p == path) {
            Some(entry) => entry.1 = text,
            None => files.push((path, text)),
        }
    }
    MemorySource::new(files.into_iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())))
}

fn changes(paths: &[(&str, ChangeKind)]) -> ChangeSet {
    ChangeSet::of_paths(paths.iter().map(|(p, kind)| (*p, kind.clone())))
}

/// The mapper findings of the repository pass as `CODE path:line`, sorted.
fn findings(source: MemorySource, changes: Option<&ChangeSet>) -> Vec<String> {
    let pass = RepoPass { changes, ..RepoPass::default() };
    let mut out: Vec<String> = pass
        .findings(&JavaCheck, Arc::new(source), &Config::default())
        .iter()
        .map(|f| format!("{} {}:{}", f.code, f.primary.path, f.primary.start.line))
        .collect();
    out.sort();
    out
}

const USER: &str = "src/main/resources/x/UserMapper.xml";

#[test]
fn the_full_pass_finds_what_the_fixture_plants() {
    assert_eq!(
        findings(tree(&[]), None),
        [
            "JV050 src/main/java/x/ItemMapper.java:5",
            "JV050 src/main/java/x/UserMapper.java:9",
            "JV051 src/main/resources/x/OrderMapper.xml:3",
            "JV051 src/main/resources/x/UserMapperExtra.xml:2",
            "JV053 src/main/resources/x/UserMapper.xml:9",
            "JV054 src/main/resources/x/ItemMapper.xml:2",
            "JV054 src/main/resources/x/OrderMapper.xml:4",
        ]
    );
}

/// What a change touching the user namespace reports: that namespace whole (both files, the join); the order
/// mapper's result maps, since it names the user namespace, but not its own duplicate (nothing of its namespace
/// changed); nothing of the items.
const USER_NAMESPACE: [&str; 4] = [
    "JV050 src/main/java/x/UserMapper.java:9",
    "JV051 src/main/resources/x/UserMapperExtra.xml:2",
    "JV053 src/main/resources/x/UserMapper.xml:9",
    "JV054 src/main/resources/x/OrderMapper.xml:4",
];

#[test]
fn a_change_to_one_mapper_reads_its_namespace_and_the_mappers_that_name_it() {
    let change = changes(&[(USER, ChangeKind::Modified)]);
    assert_eq!(findings(tree(&[]), Some(&change)), USER_NAMESPACE);
}

#[test]
fn a_result_map_taken_away_is_missed_where_it_was_used() {
    let without_base = USER_XML
        .replace("<resultMap id=\"base\" type=\"x.User\"><id column=\"id\" property=\"id\"/></resultMap>\n", "");
    let change = changes(&[(USER, ChangeKind::Modified)]);
    let scoped = findings(tree(&[(USER, &without_base)]), Some(&change));
    let full = findings(tree(&[(USER, &without_base)]), None);
    for orphaned in ["JV054 src/main/resources/x/OrderMapper.xml:2", "JV054 src/main/resources/x/OrderMapper.xml:3"] {
        assert!(scoped.iter().any(|f| f == orphaned), "{orphaned} missing from {scoped:?}");
    }
    assert!(scoped.iter().all(|f| full.contains(f)), "{scoped:?} not within {full:?}");
}

#[test]
fn a_changed_interface_touches_its_namespace() {
    let change = changes(&[("src/main/java/x/ItemMapper.java", ChangeKind::Modified)]);
    assert_eq!(
        findings(tree(&[]), Some(&change)),
        ["JV050 src/main/java/x/ItemMapper.java:5", "JV054 src/main/resources/x/ItemMapper.xml:2"]
    );
}

#[test]
fn a_changed_class_touches_the_namespaces_that_name_it() {
    // `User` is `save`'s parameter type: its properties are what JV053 reads.
    let change = changes(&[("src/main/java/x/User.java", ChangeKind::Modified)]);
    assert_eq!(findings(tree(&[]), Some(&change)), USER_NAMESPACE);
    // A class no mapper or interface names: nothing to look at again.
    let audit = "package x;\n\npublic class UserAudit {\n}\n";
    let change = changes(&[("src/main/java/x/UserAudit.java", ChangeKind::Added)]);
    assert_eq!(findings(tree(&[("src/main/java/x/UserAudit.java", audit)]), Some(&change)), Vec::<String>::new());
}

#[test]
fn a_change_it_cannot_scope_reads_every_mapper() {
    // Every mapper read: every duplicate and unresolved result map of the full pass (the join stays with the
    // namespaces the change touched, as before scoping).
    let mapper_rules = |found: Vec<String>| -> Vec<String> {
        found.into_iter().filter(|f| f.starts_with("JV051") || f.starts_with("JV054")).collect()
    };
    let full = mapper_rules(findings(tree(&[]), None));
    assert_eq!(full.len(), 4);
    // A deleted mapper may have held a result map another file of its namespace used.
    let deleted = changes(&[("src/main/resources/x/Old.xml", ChangeKind::Deleted)]);
    assert_eq!(mapper_rules(findings(tree(&[]), Some(&deleted))), full);
    let moved = changes(&[(USER, ChangeKind::Renamed { from: "src/main/resources/x/Old.xml".to_string() })]);
    assert_eq!(mapper_rules(findings(tree(&[]), Some(&moved))), full);
    // A namespace written with an entity: only a parse reads it.
    let entity = ITEM_XML.replace("x.ItemMapper", "x&#46;ItemMapper");
    let item = "src/main/resources/x/ItemMapper.xml";
    let change = changes(&[(USER, ChangeKind::Modified)]);
    assert_eq!(
        mapper_rules(findings(tree(&[(item, &entity)]), Some(&change))),
        mapper_rules(findings(tree(&[(item, &entity)]), None))
    );
}

#[test]
fn every_scoped_finding_is_one_of_the_full_pass() {
    let full = findings(tree(&[]), None);
    let paths: Vec<String> = tree(&[]).files().iter().map(|f| f.path.to_string()).collect();
    for path in &paths {
        let change = changes(&[(path, ChangeKind::Modified)]);
        let scoped = findings(tree(&[]), Some(&change));
        assert!(scoped.iter().all(|f| full.contains(f)), "{path}: {scoped:?} not within {full:?}");
        // What the change's own file holds is all there.
        let in_path =
            |f: &&String| f.split(' ').nth(1).and_then(|at| at.rsplit_once(':')).is_some_and(|(p, _)| p == path);
        for f in full.iter().filter(in_path) {
            assert!(scoped.contains(f), "{path}: {f} missing from {scoped:?}");
        }
    }
}
