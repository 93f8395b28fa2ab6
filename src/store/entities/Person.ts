import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export type Role = "requester" | "agent" | "expert" | "manager";

/** Someone who talks to the desk, on one platform or several (see PersonIdentity). */
@Entity("person")
export class Person {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 200 })
  displayName!: string;

  @Column({ type: "varchar", length: 20, default: "requester" })
  role!: Role;

  /** Expert groups this person answers for (comma-separated ids; empty for non-experts). */
  @Column({ type: "simple-array", default: "" })
  expertGroups!: string[];

  @Column({ type: "varchar", length: 60, nullable: true })
  site!: string | null;

  @Column({ type: "varchar", length: 5, default: "fr" })
  locale!: string; // a language of the desk (a message catalogue's code)

  /** Kind of workstation (staff, teacher, student, or the desk's own list): from the configuration or the site. */
  @Column({ type: "varchar", length: 60, nullable: true })
  profile!: string | null;

  @Column({ type: "varchar", length: 320, nullable: true })
  email!: string | null;

  @CreateDateColumn({ type: Date })
  createdAt!: Date;
}
