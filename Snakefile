# policy-rhetoric: from raw captures to the paper's tables, figures and report.
# Run: snakemake --cores 2 (default experiment) or with --configfile config/<experiment>.yaml.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


# the config is validated against workflow/schemas/config.schema.yaml, naming the config file, by
# validate_experiment in workflow/rules/common.smk, with every other input


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/corpus.smk"
include: "workflow/rules/rhetoric.smk"
include: "workflow/rules/topics.smk"
include: "workflow/rules/paper.smk"
include: "workflow/rules/provenance.smk"


rule all:
    default_target: True
    input:
        CORPUS_TARGETS,
        RHETORIC_TARGETS,
        TOPICS_TARGETS,
        PAPER_TARGETS,
        PROVENANCE_TARGETS,
