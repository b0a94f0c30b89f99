"""The simulated center day: citizens, officers and robots in virtual time through the core."""
