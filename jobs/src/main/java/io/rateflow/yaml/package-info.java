/**
 * The one toolkit that reads configuration documents (rule sets, promotion documents, charts of
 * accounts): {@link io.rateflow.yaml.BoundedYaml} composes a document into YAML nodes within fixed
 * bounds of size, nesting and aliases; {@link io.rateflow.yaml.YamlMap} reads a mapping's keys into
 * typed values; {@link io.rateflow.yaml.YamlProblems} collects every problem as {@code file:line:
 * path: what is wrong, what to do}. No Flink types: shared by the job, the CLI and the tests.
 */
package io.rateflow.yaml;
