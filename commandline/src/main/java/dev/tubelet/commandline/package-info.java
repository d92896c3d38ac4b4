/**
 * What every Tubelet program with a command line shares: errors as one line, {@code --verbose}, Ctrl-C that
 * lets work finish, a readable console with everything in a log file, and the Kafka clients the commands use.
 */
package dev.tubelet.commandline;
