from pm.cli.app import main

main()
