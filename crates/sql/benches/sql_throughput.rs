//! Throughput of the sql check end to end (split, parse, every rule) on generated input: one script at 1x
//! and 10x (linearity: 10x the input should take at most 11x the time), and 1,000 generated mapper files.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use precheck_core::Config;

/// A migration-style script of about `kb` KiB: DDL, DML and queries.
pub fn script(kb: usize) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < kb * 1024 {
        s.push_str(&format!(
            "CREATE TABLE t_{i} (\n  id bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'id',\n  user_id bigint unsigned NOT NULL DEFAULT 0 COMMENT 'user',\n  amount decimal(18,2) NOT NULL DEFAULT 0 COMMENT 'amount',\n  gmt_create datetime NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'created',\n  gmt_modified datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'modified',\n  PRIMARY KEY (id),\n  KEY idx_user (user_id)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='t {i}';\n\
ALTER TABLE t_{i} ADD COLUMN status tinyint unsigned NOT NULL DEFAULT 0 COMMENT 'status';\n\
INSERT INTO t_{i} (id, user_id, amount) VALUES ({i}, 7, 1.5), ({i}+1, 8, 2.5);\n\
UPDATE t_{i} SET amount = amount + 1, gmt_modified = now() WHERE id = {i} AND user_id IN (1, 2, 3);\n\
SELECT a.id, b.user_id FROM t_{i} a JOIN t_{i} b ON a.id = b.id WHERE a.user_id = ? AND DATE(a.gmt_create) = '2024-01-01' ORDER BY a.id LIMIT 10;\n\
DELETE FROM t_{i} WHERE id = {i};\n"
        ));
        i += 1;
    }
    s
}

/// A generated MyBatis mapper with `n` statements.
pub fn mapper(k: usize) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE mapper PUBLIC "-//mybatis.org//DTD Mapper 3.0//EN" "http://mybatis.org/dtd/mybatis-3-mapper.dtd">
<mapper namespace="com.example.dao.Order{k}Mapper">
  <sql id="cols">id, user_id, amount, status, gmt_create, gmt_modified</sql>
  <select id="find" resultMap="base">
    SELECT <include refid="cols"/> FROM user_order
    <where>
      <if test="userId != null">AND user_id = #{{userId}}</if>
      <if test="status != null">AND status = #{{status}}</if>
      <choose><when test="from != null">AND gmt_create &gt;= #{{from}}</when><otherwise>AND gmt_create &gt; now() - interval 7 day</otherwise></choose>
    </where>
    ORDER BY id DESC LIMIT #{{offset}}, #{{limit}}
  </select>
  <update id="close">
    UPDATE user_order <set><if test="status != null">status = #{{status}},</if>gmt_modified = now(),</set>
    WHERE id = #{{id}} AND user_id = #{{userId}}
  </update>
  <insert id="add">INSERT INTO user_order (id, user_id, amount) VALUES
    <foreach collection="list" item="o" separator=",">(#{{o.id}}, #{{o.userId}}, #{{o.amount}})</foreach>
  </insert>
  <delete id="remove">DELETE FROM user_order WHERE id IN <foreach collection="ids" item="i" open="(" close=")" separator=",">#{{i}}</foreach></delete>
</mapper>
"#
    )
}

fn run(files: Vec<(String, Vec<u8>)>) -> usize {
    let checks: Vec<Box<dyn precheck_core::Check>> = vec![Box::new(precheck_sql::SqlCheck)];
    // The 10 MiB script is over the default `max-file-size` (10 MB): raise it, or the file would only be PC003.
    let config = Config { max_file_size: 64 * 1024 * 1024, ..Config::default() };
    match precheck_runner::run_files(&config, &checks, files) {
        Ok(r) => {
            assert!(r.findings.iter().all(|f| f.code != "PC003"), "a bench input was not checked");
            r.findings.len()
        }
        Err(_) => 0,
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("sql");
    g.sample_size(10);
    for kb in [1024, 10 * 1024] {
        let text = script(kb);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("script_{kb}KiB"), |b| {
            b.iter(|| black_box(run(vec![("db/big.sql".into(), text.clone().into_bytes())])))
        });
    }
    let mappers: Vec<(String, Vec<u8>)> =
        (0..1000).map(|k| (format!("src/main/resources/mapper/M{k}.xml"), mapper(k).into_bytes())).collect();
    g.throughput(Throughput::Elements(1000));
    g.bench_function("mappers_1000", |b| b.iter(|| black_box(run(mappers.clone()))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
