//! The bar: a hundred Zdal configuration files checked in under 50 ms.
//!
//! `cargo bench -p precheck-zdal --bench zdal_configs` generates 50 apps in memory (a SHARD_GROUP ds file
//! with 8 physical data sources and 4 groups, and a rule file with 4 table rules: 100 files in all, GBK
//! declared, Chinese comments) and runs the zdal check through `precheck_runner::run_files`, as the fixture
//! tests do.

use std::fmt::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};
use precheck_core::{Check, Config};

fn app(i: usize) -> Vec<(String, Vec<u8>)> {
    let name = format!("app{i}");
    let mut ds = String::from("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<!-- 分库分表数据源 -->\n<beans>\n");
    let _ = writeln!(
        ds,
        "  <bean id=\"{name}\" class=\"com.alipay.zdal.client.config.bean.ZdalAppBean\">\n    <property name=\"appName\" value=\"{name}\"/>\n    <property name=\"dbmode\" value=\"dev\"/>\n    <property name=\"appDataSourceList\"><list><ref bean=\"{name}Ds\"/></list></property>\n  </bean>"
    );
    let _ = writeln!(
        ds,
        "  <bean id=\"{name}Ds\" class=\"com.alipay.zdal.client.config.bean.AppDataSourceBean\">\n    <property name=\"appDataSourceName\" value=\"{name}Ds\"/>\n    <property name=\"dataBaseType\" value=\"MYSQL\"/>\n    <property name=\"configType\" value=\"SHARD_GROUP\"/>\n    <property name=\"appRule\" ref=\"{name}Rule\"/>\n    <property name=\"physicalDataSourceSet\"><set>"
    );
    for p in 0..8 {
        let _ = writeln!(ds, "      <ref bean=\"{name}Phy{p}\"/>");
    }
    ds.push_str("    </set></property>\n    <property name=\"groupDataSourceRuleMap\"><map>\n");
    for g in 0..4 {
        let _ = writeln!(ds, "      <entry key=\"group_{g}\" value=\"ds{}:r10w10,ds{}:r10w0\"/>", 2 * g, 2 * g + 1);
    }
    ds.push_str("    </map></property>\n  </bean>\n");
    for p in 0..8 {
        let _ = writeln!(
            ds,
            "  <bean id=\"{name}Phy{p}\" class=\"com.alipay.zdal.client.config.bean.PhysicalDataSourceBean\">\n    <property name=\"name\" value=\"ds{p}\"/>\n    <property name=\"jdbcUrl\" value=\"jdbc:mysql://db{p}:3306/{name}_{p}?useUnicode=true&amp;characterEncoding=gbk\"/>\n    <property name=\"userName\" value=\"{name}\"/>\n    <property name=\"password\" value=\"${{db.password}}\"/>\n    <property name=\"minConn\" value=\"1\"/>\n    <property name=\"maxConn\" value=\"10\"/>\n    <property name=\"connectionProperties\"><map><entry key=\"connectTimeout\" value=\"500\"/></map></property>\n  </bean>"
        );
    }
    ds.push_str("</beans>\n");
    let mut rule = String::from("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<!-- 分表规则 -->\n<beans>\n");
    let _ = writeln!(
        rule,
        "  <bean id=\"{name}Rule\" class=\"com.alipay.zdal.rule.config.beans.AppRule\">\n    <property name=\"readwriteRule\" ref=\"{name}Shard\"/>\n  </bean>\n  <bean id=\"{name}Shard\" class=\"com.alipay.zdal.rule.config.beans.ShardRule\">\n    <property name=\"tableRules\"><map>"
    );
    for t in 0..4 {
        let _ = writeln!(rule, "      <entry key=\"t{t}\" value-ref=\"{name}T{t}\"/>");
    }
    rule.push_str("    </map></property>\n  </bean>\n");
    for t in 0..4 {
        let _ = writeln!(
            rule,
            "  <bean id=\"{name}T{t}\" class=\"com.alipay.zdal.rule.config.beans.TableRule\" init-method=\"init\">\n    <property name=\"dbIndexes\" value=\"group_0,group_1,group_2,group_3\"/>\n    <property name=\"tbSuffix\" value=\"throughAllDB:[_0000-_0015]\"/>\n    <property name=\"dbRuleArray\"><list><value>(#user_id#.longValue() % 16).intdiv(4)</value></list></property>\n    <property name=\"tbRuleArray\"><list><value>(#user_id#.longValue() % 16) % 4</value></list></property>\n  </bean>"
        );
    }
    rule.push_str("</beans>\n");
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    vec![
        (format!("{name}/src/main/resources/zdal/{name}-dev-ds.xml"), gbk(&ds)),
        (format!("{name}/src/main/resources/zdal/{name}-dev-rule.xml"), gbk(&rule)),
    ]
}

fn bench(c: &mut Criterion) {
    let files: Vec<(String, Vec<u8>)> = (0..50).flat_map(app).collect();
    let config = Config::default();
    let checks: Vec<Box<dyn Check>> = vec![Box::new(precheck_zdal::ZdalCheck)];
    let report = precheck_runner::run_files(&config, &checks, files.clone());
    assert!(report.is_ok_and(|r| r.findings.iter().all(|f| f.severity != precheck_core::Severity::Error)));
    c.bench_function("zdal_100_files", |b| {
        b.iter(|| precheck_runner::run_files(&config, &checks, files.clone()).map(|r| r.findings.len()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
