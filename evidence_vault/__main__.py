from evidence_vault.cli import main

main()
