"""MathTutorBench's nine tasks, one file each (see README.md)."""
