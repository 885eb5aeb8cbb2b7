from togen.cli import main

main()
