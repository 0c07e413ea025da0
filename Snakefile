# policy-rhetoric: from raw captures to the paper's tables, figures and report.
# Run: snakemake --cores 2 (default experiment) or with --configfile config/<experiment>.yaml.
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/tokenize.smk"
include: "workflow/rules/score.smk"
include: "workflow/rules/topics.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/tables.smk"
include: "workflow/rules/provenance.smk"


rule all:
    default_target: True
    input:
        INGEST_TARGETS,
        TOKENIZE_TARGETS,
        SCORE_TARGETS,
        TOPICS_TARGETS,
        FIGURES_TARGETS,
        TABLES_TARGETS,
        PROVENANCE_TARGETS,
