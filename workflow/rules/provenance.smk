# Provenance: the config as used, input hashes, package versions, git commit.


PROVENANCE_TARGETS = [result("provenance.json")]


rule write_provenance:
    input:
        documents=document_sources(),
        manifest=config["corpus"]["manifest"],
        lexicons=LEXICONS,
    output:
        provenance=result("provenance.json"),
    log:
        f"{LOGS}/provenance/write_provenance.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        config=config,
        annotations=config["corpus"]["voice_annotations"],
    script:
        "../scripts/write_provenance.py"
