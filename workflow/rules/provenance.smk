# Provenance: the config as used, a hash of every input file, package versions, the git commit.
# Every file the experiment reads from outside results/ is an input, so editing one reruns this rule.


PROVENANCE_TARGETS = [result("provenance.json")]


rule write_provenance:
    input:
        documents=document_sources(),
        manifest=config["corpus"]["manifest"],
        voice_annotations=config["corpus"]["voice_annotations"] or [],
        lexicons=LEXICONS,
        voice_sample=config["validation"]["voice_sample"] or [],
        rhetoric_sample=config["validation"]["rhetoric_sample"] or [],
        rhetoric_gwr_sample=config["validation"]["rhetoric_gwr_sample"] or [],
        gwr_texts=GWR_FILES,
    output:
        provenance=result("provenance.json"),
    log:
        f"{LOGS}/provenance/write_provenance.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        config=config,
    script:
        "../scripts/write_provenance.py"
